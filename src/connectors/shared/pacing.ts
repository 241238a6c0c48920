// Pacing the parts of one long message on a connection: TPS tokens and window room.
import type { EventEmitter } from 'node:events';
import type { TokenBucket } from '../../core/token-bucket.ts';

/** The later parts of a long message wait for their TPS tokens rather than being refused. */
export async function takeToken(bucket: TokenBucket): Promise<void> {
  while (!bucket.tryTake()) await new Promise((resolve) => setTimeout(resolve, Math.max(1, bucket.waitMs())));
}

/**
 * Waits until a client has window room again ('drain'), or fails when it disconnects, fails to
 * connect (events listed in `failures`), or the room does not come within `timeoutMs`.
 */
export function roomOn(client: EventEmitter, timeoutMs: number, failures: string[] = ['disconnected']): Promise<void> {
  return new Promise((resolve, reject) => {
    const listeners = failures.map((event) => [event, (detail: unknown) => done(failureOf(event, detail))] as const);
    const onDrain = () => done();
    const done = (error?: Error) => {
      clearTimeout(timer);
      client.off('drain', onDrain);
      for (const [event, listener] of listeners) client.off(event, listener);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error('window stayed full')), timeoutMs);
    client.on('drain', onDrain);
    for (const [event, listener] of listeners) client.on(event, listener);
  });
}

function failureOf(event: string, detail: unknown): Error {
  if (detail instanceof Error) return detail;
  if (typeof detail === 'object' && detail !== null && (detail as { error?: unknown }).error instanceof Error) return (detail as { error: Error }).error;
  return new Error(`connection ${event}: ${String(detail)}`);
}
