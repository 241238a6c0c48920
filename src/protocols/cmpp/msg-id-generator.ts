// Issues Msg_Ids on the ISMG side (fake gateway, our own CMPP ingress): time, gateway code, counter.
import { BEIJING_UTC_OFFSET_MINUTES } from './authenticator.ts';
import { formatMsgId } from './msg-id.ts';

export interface MsgIdGeneratorOptions {
  /** This gateway's code, 0..0x3FFFFF (22 bits). */
  gatewayId: number;
  /** UTC offset of the clock written into ids; default Beijing time. */
  utcOffsetMinutes?: number;
  /** Clock in ms; inject a fake one in tests. Default Date.now. */
  now?: () => number;
  /** First sequence value, 0..0xFFFF; default 1. */
  startSequence?: number;
}

/**
 * Ids are unique as long as fewer than 65 536 are issued within one second: the time part changes
 * every second and the 16-bit sequence wraps.
 */
export class MsgIdGenerator {
  private sequence: number;
  private readonly gatewayId: number;
  private readonly offsetMs: number;
  private readonly now: () => number;

  constructor(options: MsgIdGeneratorOptions) {
    const { gatewayId } = options;
    if (!Number.isInteger(gatewayId) || gatewayId < 0 || gatewayId > 0x3fffff) throw new RangeError(`gatewayId ${gatewayId} not in 0..4194303`);
    this.gatewayId = gatewayId;
    this.offsetMs = (options.utcOffsetMinutes ?? BEIJING_UTC_OFFSET_MINUTES) * 60_000;
    this.now = options.now ?? Date.now;
    this.sequence = (options.startSequence ?? 1) & 0xffff;
  }

  /** A fresh id. */
  next(): string {
    return this.nextBlock(1);
  }

  /**
   * The first of `count` consecutive ids, for a group SUBMIT: the ISMG answers with this one and
   * the destinations implicitly get it and the following sequence values (see groupMsgIds).
   */
  nextBlock(count: number): string {
    if (!Number.isInteger(count) || count < 1 || count > 0xffff) throw new RangeError(`count ${count} not in 1..65535`);
    const d = new Date(this.now() + this.offsetMs);
    const id = formatMsgId({
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      gatewayId: this.gatewayId,
      sequence: this.sequence,
    });
    this.sequence = (this.sequence + count) & 0xffff;
    return id;
  }
}
