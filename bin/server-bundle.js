// The platform runs from one esbuild bundle of src/ rather than through a TypeScript loader: a
// loader keeps every module's source and its own hook thread in memory (about 35 MB resident).
// The bundle is rebuilt whenever a source file is newer, so the command never runs stale code.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// One level below the root, like src/, so `new URL('../web/dist', import.meta.url)` still finds the console.
const OUT_DIR = join(ROOT, 'bundle');
const ENTRY_POINTS = { kuaixin: 'src/cli/main.ts', 'store-thread': 'src/store/worker/store-thread.ts' };
/** Written last: its modification time says which sources the bundle was built from. */
const MARKER = join(OUT_DIR, 'kuaixin.mjs');

// `node bin/server-bundle.js` (npm's prepare step) builds it ahead of the first start.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await freshServerBundle();

/** Path of the CLI bundle, built first if it is missing or older than any source file. */
export async function freshServerBundle() {
  const newestSource = newestModification(join(ROOT, 'src'));
  // A millisecond of slack: the stamp goes through utimes' seconds as a float.
  if (newestSource > modificationOf(MARKER) + 1) await rebuild(newestSource);
  return MARKER;
}

async function rebuild(newestSource) {
  // Several processes may start at once (tests, nodes): each builds privately, then renames into place.
  mkdirSync(OUT_DIR, { recursive: true });
  const staging = mkdtempSync(join(ROOT, '.bundle-'));
  try {
    const { metafile } = await build({
      absWorkingDir: ROOT,
      entryPoints: ENTRY_POINTS,
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      // Each command's code (and the packages it imports) loads only when that command runs.
      splitting: true,
      chunkNames: 'chunk-[hash]',
      metafile: true,
      logLevel: 'error',
    });
    const entries = Object.keys(ENTRY_POINTS).map((name) => `${name}.mjs`);
    const chunks = Object.keys(metafile.outputs).map((output) => basename(output)).filter((name) => !entries.includes(name));
    // Chunks are named by their content, so replacing one never changes what a running process loads.
    for (const name of chunks) renameSync(join(staging, name), join(OUT_DIR, name));
    for (const name of entries.reverse()) {
      const file = join(staging, name);
      // Stamped with the newest source's time, so a file edited during the build triggers the next one.
      utimesSync(file, newestSource / 1000, newestSource / 1000);
      renameSync(file, join(OUT_DIR, name));
    }
    removeOldChunks(new Set(chunks));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Chunks of earlier builds, once no process started from them can still be loading them. */
function removeOldChunks(current) {
  const before = Date.now() - 60 * 60 * 1000;
  for (const name of readdirSync(OUT_DIR)) {
    const file = join(OUT_DIR, name);
    if (name.startsWith('chunk-') && !current.has(name) && statSync(file).mtimeMs < before) rmSync(file, { force: true });
  }
}

function newestModification(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return Math.floor(newest);
}

function modificationOf(file) {
  try {
    return Math.floor(statSync(file).mtimeMs);
  } catch {
    return -1;
  }
}
