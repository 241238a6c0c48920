// The Store on a SQLite file, run in its own worker thread. Every method is forwarded to the thread
// (store-thread.ts) and answered in call order, so the platform sees the same store, one core away.
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../core/errors.ts';
import type { Store } from '../types.ts';
import { STORE_NAMESPACES, type CallError, type StoreAnswer, type StoreCall } from './store-calls.ts';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type Namespaces = Pick<Store, (typeof STORE_NAMESPACES)[number]>;

export class WorkerStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly accounts!: Store['accounts'];
  readonly users!: Store['users'];
  readonly credentials!: Store['credentials'];
  readonly connectors!: Store['connectors'];
  readonly routes!: Store['routes'];
  readonly messages!: Store['messages'];
  readonly mo!: Store['mo'];
  readonly receipts!: Store['receipts'];
  readonly outbox!: Store['outbox'];
  readonly settings!: Store['settings'];
  readonly carriers!: Store['carriers'];
  readonly sensitiveWords!: Store['sensitiveWords'];
  readonly blacklist!: Store['blacklist'];
  readonly campaigns!: Store['campaigns'];
  readonly audit!: Store['audit'];
  readonly templates!: Store['templates'];
  readonly contacts!: Store['contacts'];
  readonly billing!: Store['billing'];
  readonly stats!: Store['stats'];
  readonly compliance!: Store['compliance'];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Why the thread is gone, once it is: every later call fails with it. */
  private gone: Error | null = null;

  /** Starts the thread, which opens and migrates the database at `path`; resolves once it is ready. */
  static async open(path: string): Promise<WorkerStore> {
    const store = new WorkerStore(path);
    await store.ready;
    return store;
  }

  private readonly worker: Worker;
  private readonly ready: Promise<void>;

  private constructor(path: string) {
    this.worker = new Worker(threadBoot(), { eval: true, workerData: { path } });
    this.ready = new Promise<void>((resolve, reject) => {
      const onFirst = (message: { ready?: boolean; error?: CallError }) => {
        if (message.ready) return resolve();
        reject(toError(message.error ?? { name: 'Error', message: 'the store thread failed to start' }));
        void this.worker.terminate();
      };
      this.worker.once('message', onFirst);
      this.worker.once('error', reject);
    });
    void this.ready.then(
      () => this.worker.on('message', (answer: StoreAnswer) => this.settle(answer)),
      () => undefined,
    );
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(Object.assign(new Error(`the store thread exited (code ${code})`), { code: 'SQLITE_IOERR_THREAD_EXIT' })));
    const self = this as unknown as Record<string, unknown>;
    for (const namespace of STORE_NAMESPACES) self[namespace] = this.namespace(namespace);
  }

  migrate(): Promise<void> {
    return this.call(null, 'migrate', []) as Promise<void>;
  }

  async close(): Promise<void> {
    if (this.gone) return;
    await this.call(null, 'close', []);
    this.gone = new Error('the store is closed');
    await this.worker.terminate();
  }

  /** An object whose every method forwards to `namespace` in the thread. */
  private namespace<K extends keyof Namespaces>(namespace: K): Namespaces[K] {
    const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    return new Proxy({} as Namespaces[K], {
      get: (_, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined;
        let forward = methods.get(method);
        if (!forward) methods.set(method, (forward = (...args: unknown[]) => this.call(namespace, method, args)));
        return forward;
      },
    });
  }

  private call(namespace: string | null, method: string, args: unknown[]): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, namespace, method, args } satisfies StoreCall);
    });
  }

  private settle(answer: StoreAnswer): void {
    const pending = this.pending.get(answer.id);
    if (!pending) return;
    this.pending.delete(answer.id);
    if (answer.ok) pending.resolve(answer.value);
    else pending.reject(toError(answer.error));
  }

  private fail(error: Error): void {
    this.gone ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

function toError(error: CallError): Error {
  if (error.name === 'AppError') return new AppError(error.code as ErrorCode, error.message, error.field);
  return Object.assign(new Error(error.message), { name: error.name }, error.code === undefined ? {} : { code: error.code });
}

/**
 * The script that starts the thread. In the server bundle (bin/server-bundle.js) the thread is its
 * sibling bundle; run from the sources (tests), it loads the TypeScript through tsx.
 */
function threadBoot(): string {
  if (import.meta.url.endsWith('.mjs')) return `import(${JSON.stringify(new URL('./store-thread.mjs', import.meta.url).href)})`;
  const thread = new URL('./store-thread.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(thread)}); })`;
}
