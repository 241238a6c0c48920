// Bounded waits for socket tests: a promise, an event or a condition, each failing with a message on timeout.
import type { EventEmitter } from 'node:events';

/** Settles like `promise`, or rejects naming `what` if that takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The arguments of the next `event` emitted by `emitter`, within `ms`. */
export function waitForEvent<T extends unknown[] = unknown[]>(emitter: EventEmitter, event: string, ms = 2000): Promise<T> {
  let listener: ((...args: unknown[]) => void) | undefined;
  const fired = new Promise<T>((resolve) => {
    listener = (...args: unknown[]) => resolve(args as T);
    emitter.once(event, listener);
  });
  return withTimeout(fired, ms, `event '${event}'`).finally(() => {
    if (listener) emitter.off(event, listener);
  });
}

/** Resolves once `condition()` holds, checking now and after every `event` on `emitter`. */
export function waitUntil(emitter: EventEmitter, event: string, condition: () => boolean, ms = 2000, what = `condition on '${event}'`): Promise<void> {
  if (condition()) return Promise.resolve();
  let listener: (() => void) | undefined;
  const met = new Promise<void>((resolve) => {
    listener = () => {
      if (condition()) resolve();
    };
    emitter.on(event, listener);
  });
  return withTimeout(met, ms, what).finally(() => {
    if (listener) emitter.off(event, listener);
  });
}

/** A promise with its settle functions exposed, for handlers that answer when the test says so. */
export class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: Error) => void;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}
