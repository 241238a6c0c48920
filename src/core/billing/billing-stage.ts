// The intake policy stage that prices a message and reserves its cost, refusing it when the balance is short.
import type { PolicyStage } from '../pipeline.ts';
import type { BillingBook } from './billing-book.ts';

export function billingStage(book: BillingBook): PolicyStage {
  return { name: 'billing', check: (message) => book.reserve(message) };
}
