// The opt-out wording marketing messages end with (domain.md 2.4), and recognising one already there.

/** What marketing messages get appended unless the account configured another wording. */
export const DEFAULT_OPT_OUT_TEXT = '拒收请回复R';

const PHRASE = '(?:拒收请回复\\s?R|拒收回复?\\s?R|回复?\\s?TD?\\s?退订|退订回复?\\s?TD?|回复?\\s?N\\s?退订|reply\\s+stop\\s+to\\s+(?:opt\\s*out|unsubscribe))';

export const OPT_OUT_ANYWHERE = new RegExp(PHRASE, 'iu');
const OPT_OUT_AT_END = new RegExp(`${PHRASE}[\\s。.!！]*$`, 'iu');

export function endsWithOptOut(text: string): boolean {
  return OPT_OUT_AT_END.test(text);
}

/** The text with the opt-out wording at its end (unchanged when one is there already). */
export function withOptOut(text: string, optOutText: string): string {
  if (optOutText === '' || endsWithOptOut(text) || text.trimEnd().endsWith(optOutText)) return text;
  return `${text}${optOutText}`;
}
