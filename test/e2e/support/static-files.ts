// Serves the built console (web/dist) for the fake API; unknown paths get index.html.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
  const wanted = normalize(join(root, decodeURIComponent(pathname)));
  const inside = wanted.startsWith(root + sep) && extname(wanted) !== '';
  const file = inside ? wanted : join(root, 'index.html');
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('not found');
  }
}
