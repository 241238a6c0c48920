// CMPP QUERY (cmpp.md 8): the day it names, and our counts of the SP's messages and MO as QUERY_RESP counters.
import type { MessageState } from '../core/message.ts';
import { BEIJING_UTC_OFFSET_MINUTES } from '../protocols/cmpp/authenticator.ts';
import type { CreatedCounts, MoCounts } from '../store/types.ts';

const DAY_MS = 86_400_000;
const WAITING = new Set<MessageState>(['scheduled', 'accepted', 'queued']);

/** [from, to) of the Beijing day a QUERY's Time (YYYYMMDD) names, or undefined when it is not a date. */
export function queryDay(time: string): { from: number; to: number } | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(time.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const midnight = Date.UTC(year, month - 1, day);
  const date = new Date(midnight);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const from = midnight - BEIJING_UTC_OFFSET_MINUTES * 60_000;
  return { from, to: from + DAY_MS };
}

export interface QueryCounters {
  /** Messages received from the SP. */
  MT_TLMsg: number;
  /** Distinct recipients. */
  MT_Tlusr: number;
  /** Forwarded to a carrier. */
  MT_Scs: number;
  /** Waiting to be forwarded (scheduled, queued, retrying). */
  MT_WT: number;
  /** Never forwarded: refused, failed, cancelled or expired before sending. */
  MT_FL: number;
  /** MO handed to the SP. */
  MO_Scs: number;
  /** MO still waiting to be handed over (the SP is not connected, or did not answer yet). */
  MO_WT: number;
  /** MO given up on: always 0, as an MO waits for the SP for as long as it takes. */
  MO_FL: number;
}

/**
 * The counters of QUERY_RESP. MO carries no Service_Id, so a query for one Service_Id counts no MO
 * (`mo` absent).
 */
export function queryCounters(counts: CreatedCounts, mo?: MoCounts): QueryCounters {
  const { received, waiting } = mo ?? { received: 0, waiting: 0 };
  const out: QueryCounters = { MT_TLMsg: 0, MT_Tlusr: counts.recipients, MT_Scs: 0, MT_WT: 0, MT_FL: 0, MO_Scs: received - waiting, MO_WT: waiting, MO_FL: 0 };
  for (const row of counts.rows) {
    out.MT_TLMsg += row.messages;
    if (WAITING.has(row.state)) out.MT_WT += row.messages;
    else if (row.forwarded) out.MT_Scs += row.messages;
    else out.MT_FL += row.messages;
  }
  return out;
}
