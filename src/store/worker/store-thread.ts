// Runs in a worker thread: opens the SQLite store and answers calls in the order they arrive, so
// SQLite's work runs on its own core while the main thread handles the protocols.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../core/errors.ts';
import { SqliteStore } from '../sqlite/sqlite-store.ts';
import type { CallError, StoreAnswer, StoreCall } from './store-calls.ts';

type Callable = Record<string, (...args: unknown[]) => Promise<unknown>>;

const port = parentPort!;
const { path } = workerData as { path: string };

try {
  const store = await SqliteStore.open(path);
  const target = (namespace: string | null): Callable => (namespace === null ? store : store[namespace as keyof SqliteStore]) as unknown as Callable;
  port.on('message', (call: StoreCall) => {
    let answer: Promise<unknown>;
    try {
      // Each method does its SQLite work synchronously inside this call: calls never interleave.
      answer = target(call.namespace)[call.method]!(...call.args);
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (value) => port.postMessage({ id: call.id, ok: true, value } satisfies StoreAnswer),
      (error: unknown) => port.postMessage({ id: call.id, ok: false, error: toCallError(error) } satisfies StoreAnswer),
    );
  });
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: toCallError(error) });
}

function toCallError(error: unknown): CallError {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  const field = e instanceof AppError ? { field: e.field } : {};
  return { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}), ...field };
}
