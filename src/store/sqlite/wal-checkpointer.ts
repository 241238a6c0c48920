// Checkpoints the SQLite WAL from a thread of its own. SQLite's automatic checkpoint runs inside the
// commit that crosses ~4 MB of WAL, on the event loop; with large tables it took a third of a
// campaign's time (bench/RESULTS.md). A PASSIVE checkpoint on another connection copies committed
// pages back into the database without blocking writers, so the event loop only appends to the WAL.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the thread checkpoints. */
const INTERVAL_MS = 200;
/**
 * WAL pages after which the writer checkpoints within its own commit after all (SQLite's default is
 * 1,000). Under a steady stream of commits a passive checkpoint never finds a moment with nothing new,
 * so only the writer can start the WAL again from its beginning. The thread has copied most pages by
 * then, so the writer's turn is short; but the longer the WAL, the longer that turn. Measured on intake
 * paced at 11 k msg/s (bench/RESULTS.md): 16,384 pages gave a p99 accept latency of 66–97 ms, 4,096
 * gave 91 ms, 2,000 gave 26–34 ms, 1,000 gave 64–86 ms. The thread never uses a blocking checkpoint
 * mode: a writer kept waiting would stall the event loop.
 */
export const WRITER_CHECKPOINT_PAGES = 2_000;

// Plain CommonJS, evaluated in the thread: it runs the same from the sources and from the server bundle.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 2000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  /** `onError` hears about a checkpoint that failed (the next one tries again). */
  constructor(path: string, onError: (message: string) => void = () => {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(THREAD, { eval: true, workerData: { path, driver, intervalMs: INTERVAL_MS } });
    this.worker.on('message', (message: { error?: string }) => message.error && onError(message.error));
    this.worker.on('error', (error) => onError(error.message));
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Stops the thread after its current checkpoint and closes its connection. */
  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    await this.exited;
  }
}
