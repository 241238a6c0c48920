// How many messages a text is billed as (domain.md §3.1): signature included, 70/67 domestic, GSM-7 160/153 abroad.

/** GSM 03.38 basic characters (one septet each). */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** GSM 03.38 extension characters: escape + char, so they count 2 (domain.md §3.1). */
const GSM7_EXTENSION = new Set('|^€{}[]~\\\f');

export interface BillableLength {
  /** Characters (or GSM-7 septets) counted. */
  length: number;
  segments: number;
  /** Characters per message when the text fits one, and per part when it is split. */
  single: number;
  multi: number;
}

/**
 * The billable length of the text exactly as sent (the 【signature】 is part of it). Every character
 * counts 1 — Chinese, letters, digits, punctuation, spaces. Domestic messages use 70/67 even when
 * pure ASCII; international ones use GSM-7 160/153 when every character is GSM-7, else 70/67.
 */
export function billableLength(text: string, domestic: boolean): BillableLength {
  const chars = [...text];
  if (!domestic) {
    let septets = 0;
    let gsm = true;
    for (const ch of chars) {
      if (GSM7_BASIC.has(ch)) septets += 1;
      else if (GSM7_EXTENSION.has(ch)) septets += 2;
      else {
        gsm = false;
        break;
      }
    }
    if (gsm) return split(septets, 160, 153);
  }
  return split(chars.length, 70, 67);
}

function split(length: number, single: number, multi: number): BillableLength {
  const segments = length <= single ? 1 : Math.ceil(length / multi);
  return { length, segments, single, multi };
}
