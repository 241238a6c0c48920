// Pacing the parts of one long message on a connection: TPS tokens and window room.
import type { EventEmitter } from 'node:events';
import type { TokenBucket } from '../../core/token-bucket.ts';

/**
 * The later parts of a long message wait for their TPS tokens rather than being refused. `count`
 * tokens (a group SUBMIT takes one per destination) are taken one at a time: more than the bucket's
 * burst would never be available at once.
 */
export async function takeToken(bucket: TokenBucket, count = 1): Promise<void> {
  for (let i = 0; i < count; i++) {
    while (!bucket.tryTake()) await new Promise((resolve) => setTimeout(resolve, Math.max(1, bucket.waitMs())));
  }
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

/** The outcome of sending a message's parts: every response, or the first part that failed. */
export type PartsOutcome<R> = { ok: true; responses: R[] } | { ok: false; reason: unknown; part: number };

/**
 * Sends the parts of one message in order on one connection: the first at once, each later one when
 * its TPS tokens (`tokensPerPart`, default 1) and window room come. A refusal of a later part leaves earlier parts accepted: the
 * retry resends them all, so the handset may see those twice; one connection, in order, keeps that
 * window small.
 */
export async function sendParts<B, R>(
  client: EventEmitter & { readonly busy: boolean },
  bodies: readonly B[],
  send: (body: B) => Promise<R>,
  pacing: { bucket: TokenBucket; timeoutMs: number; failures?: string[]; onSent?: () => void; tokensPerPart?: number },
): Promise<PartsOutcome<R>> {
  if (bodies.length === 1) return sendOne(bodies[0]!, send, pacing.onSent);
  const responses: Promise<R>[] = [];
  try {
    for (let i = 0; i < bodies.length; i++) {
      if (i > 0) {
        await takeToken(pacing.bucket, pacing.tokensPerPart);
        if (client.busy) await roomOn(client, pacing.timeoutMs, pacing.failures);
      }
      const response = send(bodies[i]!);
      response.catch(() => undefined); // settled below; this only keeps an early rejection from counting as unhandled
      responses.push(response);
    }
  } catch (error) {
    responses.push(Promise.reject(error));
  }
  pacing.onSent?.();
  const settled = await Promise.allSettled(responses);
  const failed = settled.findIndex((r) => r.status === 'rejected');
  if (failed >= 0) return { ok: false, reason: (settled[failed] as PromiseRejectedResult).reason, part: failed + 1 };
  return { ok: true, responses: settled.map((r) => (r as PromiseFulfilledResult<R>).value) };
}

/** sendParts for the common single-part message, without the bookkeeping several parts need. */
async function sendOne<B, R>(body: B, send: (body: B) => Promise<R>, onSent: (() => void) | undefined): Promise<PartsOutcome<R>> {
  let response: Promise<R>;
  try {
    response = send(body);
  } catch (reason) {
    onSent?.();
    return { ok: false, reason, part: 1 };
  }
  onSent?.();
  try {
    return { ok: true, responses: [await response] };
  } catch (reason) {
    return { ok: false, reason, part: 1 };
  }
}

function failureOf(event: string, detail: unknown): Error {
  if (detail instanceof Error) return detail;
  if (typeof detail === 'object' && detail !== null && (detail as { error?: unknown }).error instanceof Error) return (detail as { error: Error }).error;
  return new Error(`connection ${event}: ${String(detail)}`);
}
