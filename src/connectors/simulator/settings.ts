// Settings of the built-in simulator connector, their defaults and validation naming the field.
import type { ReceiptEvent } from '../../core/connector.ts';
import { ConnectorSettingsError, isRecord, read } from '../settings-error.ts';

export type SimulatedOutcome = Exclude<ReceiptEvent['state'], 'enroute'>;

export interface SimulatorSettings {
  /** Messages per second accepted; 0 = unlimited. Past it the connector is busy. */
  tps: number;
  /** Delay between accepting a message and sending its receipts. */
  receiptDelayMs: number;
  /** Receipt states and their relative weights, drawn per segment, e.g. { delivered: 95, undelivered: 4, expired: 1 }. */
  outcomes: Partial<Record<SimulatedOutcome, number>>;
  /** Every n-th submit is refused permanently (0 = never). */
  failEvery: number;
  /** Every n-th submit is refused as throttled (0 = never); failEvery wins when both hit. */
  throttleEvery: number;
  /** Inject an MO message this often (0 = never). */
  moEveryMs: number;
  /** Sender of injected MO. */
  moSender: string;
  /** Recipient (our service number) of injected MO. */
  moRecipient: string;
  /** Text of injected MO. */
  moText: string;
  /** Reported as the connector's window in stats(); the simulator itself has no limit. */
  window: number;
}

const OUTCOMES: readonly SimulatedOutcome[] = ['delivered', 'undelivered', 'expired', 'rejected', 'unknown'];

function outcomes(raw: Record<string, unknown>): Partial<Record<SimulatedOutcome, number>> {
  const value = raw.outcomes ?? { delivered: 1 };
  if (!isRecord(value)) throw new ConnectorSettingsError('outcomes', 'must be an object of state → weight');
  let total = 0;
  for (const [state, weight] of Object.entries(value)) {
    if (!OUTCOMES.includes(state as SimulatedOutcome)) throw new ConnectorSettingsError(`outcomes.${state}`, `state must be one of ${OUTCOMES.join(', ')}`);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) throw new ConnectorSettingsError(`outcomes.${state}`, 'weight must be a number ≥ 0');
    total += weight;
  }
  if (total <= 0) throw new ConnectorSettingsError('outcomes', 'weights must add up to more than 0');
  return { ...(value as Partial<Record<SimulatedOutcome, number>>) };
}

/** Validates raw settings and fills in defaults. Throws ConnectorSettingsError. */
export function parseSimulatorSettings(raw: unknown = {}): SimulatorSettings {
  if (!isRecord(raw)) throw new ConnectorSettingsError('settings', 'must be an object');
  return {
    tps: read.integer(raw, 'tps', 0, 0, 10_000_000),
    receiptDelayMs: read.integer(raw, 'receiptDelayMs', 1000, 0, 86_400_000),
    outcomes: outcomes(raw),
    failEvery: read.integer(raw, 'failEvery', 0, 0, Number.MAX_SAFE_INTEGER),
    throttleEvery: read.integer(raw, 'throttleEvery', 0, 0, Number.MAX_SAFE_INTEGER),
    moEveryMs: read.integer(raw, 'moEveryMs', 0, 0, 86_400_000),
    moSender: read.string(raw, 'moSender', '+8613900000000'),
    moRecipient: read.string(raw, 'moRecipient', '10690000'),
    moText: read.string(raw, 'moText', 'TD'),
    window: read.integer(raw, 'window', 1000, 1, 1_000_000),
  };
}
