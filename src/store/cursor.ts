// Opaque keyset cursors: base64url of the last row's (time, id), so pages never use OFFSET.
import { AppError } from '../core/errors.ts';

export interface CursorKey {
  at: number;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

/** The key inside a cursor; a cursor that was not made by encodeCursor is a 400, not a crash. */
export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { at: value[0] as number, id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('bad_request', 'invalid cursor', 'cursor');
}
