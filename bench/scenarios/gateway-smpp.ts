// SMPP in → platform (durable SQLite) → built-in simulator → receipts back over SMPP.
import { smppInScenario } from './smpp-in.ts';

export function gatewaySmppScenario(): Promise<Record<string, unknown>[]> {
  return smppInScenario({ connector: () => ({ type: 'simulator', receiptDelayMs: 200, outcomes: { delivered: 1 } }) });
}
