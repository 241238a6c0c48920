// What a signature (签名) name may be (domain.md 2.2): 2–12 Chinese characters, letters or digits.

export const SIGNATURE_MIN = 2;
export const SIGNATURE_MAX = 12;

/** Letters (incl. Chinese) and digits only: no symbols, spaces or brackets. */
const SIGNATURE_CHARS = /^[\p{Script=Han}A-Za-z0-9]+$/u;

/** Why `name` cannot be a signature, or null when it can. Users submit it without 【】; we add them. */
export function signatureProblem(name: string): string | null {
  const length = [...name].length;
  if (/^【.*】$/u.test(name)) return 'submit the signature without 【】; the platform adds them';
  if (length < SIGNATURE_MIN || length > SIGNATURE_MAX) return `a signature has ${SIGNATURE_MIN}–${SIGNATURE_MAX} characters (this one has ${length})`;
  if (!SIGNATURE_CHARS.test(name)) return 'a signature may hold only Chinese characters, English letters and digits (no symbols or spaces)';
  return null;
}

/** The signature as the phone shows it. */
export function bracketed(name: string): string {
  return `【${name}】`;
}
