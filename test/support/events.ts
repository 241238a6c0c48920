// Waiting on events with a deadline, so a test fails instead of hanging when the event never comes.
import type { EventEmitter } from 'node:events';

export function nextEvent<T extends unknown[] = unknown[]>(emitter: EventEmitter, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const onEvent = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    };
    emitter.once(event, onEvent);
  });
}

/** Resolves once `condition` holds, checking whenever `emitter` emits `event`. */
export function until(emitter: EventEmitter, event: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, check);
      reject(new Error(`condition not met within ${timeoutMs} ms of '${event}' events`));
    }, timeoutMs);
    const check = () => {
      if (!condition()) return;
      clearTimeout(timer);
      emitter.off(event, check);
      resolve();
    };
    emitter.on(event, check);
  });
}
