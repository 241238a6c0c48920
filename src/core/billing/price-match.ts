// Picks the price of a message: the most specific destination wins (prefix > carrier > country > default),
// a longer prefix beats a shorter one, and a price for the message's category beats one for every category.
import type { PriceRecord } from '../../store/types.ts';
import type { MessageCategory } from '../message.ts';

export interface Destination {
  /** E.164. */
  recipient: string;
  category: MessageCategory;
  carrier: () => string | null;
  /** ISO 3166 alpha-2; asked only when a country price could decide. */
  country: () => string | null;
}

const KIND_RANK = { prefix: 3, carrier: 2, country: 1, default: 0 } as const;

/** null when no price applies (the account is billed but has no price for this destination). */
export function matchPrice(prices: readonly PriceRecord[], destination: Destination): PriceRecord | null {
  let best: PriceRecord | null = null;
  let bestScore = -1;
  let carrier: string | null | undefined;
  let country: string | null | undefined;
  for (const price of prices) {
    if (price.category !== null && price.category !== destination.category) continue;
    let specificity = 0;
    switch (price.match) {
      case 'prefix':
        if (!destination.recipient.startsWith(price.value)) continue;
        specificity = price.value.length;
        break;
      case 'carrier':
        if (carrier === undefined) carrier = destination.carrier();
        if (carrier !== price.value) continue;
        break;
      case 'country':
        if (country === undefined) country = destination.country();
        if (country !== price.value) continue;
        break;
      case 'default':
        break;
    }
    const score = KIND_RANK[price.match] * 10_000 + specificity * 2 + (price.category === null ? 0 : 1);
    if (score > bestScore) {
      best = price;
      bestScore = score;
    }
  }
  return best;
}
