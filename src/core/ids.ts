// Message and record ids: time-ordered (so they sort and page by creation) and unguessable.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case
const CODES = Buffer.from(ALPHABET, 'latin1');

let lastTime = 0;
let counter = 0;
/** The id is written here character by character and read out as one string: one allocation per id. */
const scratch = Buffer.alloc(26);

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
  let time = now;
  for (let i = 9; i >= 0; i--) {
    scratch[i] = CODES[time % 32]!;
    time = Math.floor(time / 32);
  }
  let c = counter;
  for (let i = 13; i >= 10; i--) {
    scratch[i] = CODES[c % 32]!;
    c = Math.floor(c / 32);
  }
  for (let i = 14; i < 26; i++) scratch[i] = CODES[randomByte() & 31]!;
  return scratch.toString('latin1', 0, 26);
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
