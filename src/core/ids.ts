// Message and record ids: time-ordered (so they sort and page by creation) and unguessable.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

let lastTime = 0;
let counter = 0;

/**
 * 26 characters: 10 of milliseconds since the epoch, 4 of a per-millisecond counter (ids made in
 * the same millisecond still sort in creation order), 12 random.
 */
export function newId(now = Date.now()): string {
  if (now === lastTime) counter++;
  else {
    lastTime = now;
    counter = 0;
  }
  let out = '';
  let time = now;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[time % 32] + out;
    time = Math.floor(time / 32);
  }
  let seq = '';
  let c = counter;
  for (let i = 0; i < 4; i++) {
    seq = ALPHABET[c % 32] + seq;
    c = Math.floor(c / 32);
  }
  let tail = '';
  for (let i = 0; i < 12; i++) tail += ALPHABET[randomByte() & 31];
  return out + seq + tail;
}

// Random bytes drawn in blocks: one crypto call per few hundred ids instead of one per id.
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomByte(): number {
  if (poolOffset >= pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  return pool[poolOffset++];
}
