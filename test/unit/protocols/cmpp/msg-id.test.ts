// Msg_Id: bit layout against the documented examples, string forms, group-send ids, the generator.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MsgIdGenerator } from '../../../../src/protocols/cmpp/msg-id-generator.ts';
import { formatMsgId, groupMsgIds, isMsgId, msgIdFromDecimal, msgIdToDecimal, nthMsgId, parseMsgId } from '../../../../src/protocols/cmpp/msg-id.ts';

describe('Msg_Id layout', () => {
  it('0xBA520641E2400001 is 11-20 20:32:25, gateway 123456, sequence 1 (cmpp.md 6)', () => {
    const parts = { month: 11, day: 20, hour: 20, minute: 32, second: 25, gatewayId: 123456, sequence: 1 };
    expect(parseMsgId('ba520641e2400001')).toEqual(parts);
    expect(formatMsgId(parts)).toBe('ba520641e2400001');
  });

  it('C6 Msg_Id 0xBA521041E2400007 is 11-20 20:33:01, gateway 123456, sequence 7', () => {
    expect(parseMsgId('ba521041e2400007')).toEqual({ month: 11, day: 20, hour: 20, minute: 33, second: 1, gatewayId: 123456, sequence: 7 });
  });

  it('round-trips every valid combination of parts', () => {
    const parts = fc.record({
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      gatewayId: fc.integer({ min: 0, max: 0x3fffff }),
      sequence: fc.integer({ min: 0, max: 0xffff }),
    });
    fc.assert(
      fc.property(parts, (p) => {
        const id = formatMsgId(p);
        expect(isMsgId(id)).toBe(true);
        expect(parseMsgId(id)).toEqual(p);
        const big = (BigInt(p.month) << 60n) | (BigInt(p.day) << 55n) | (BigInt(p.hour) << 50n) | (BigInt(p.minute) << 44n) | (BigInt(p.second) << 38n) | (BigInt(p.gatewayId) << 16n) | BigInt(p.sequence);
        expect(msgIdToDecimal(id)).toBe(big.toString());
      }),
    );
  });

  it('converts to and from the unsigned decimal form', () => {
    expect(msgIdToDecimal('ba520641e2400001')).toBe(0xba520641e2400001n.toString());
    expect(msgIdFromDecimal(0xba520641e2400001n.toString())).toBe('ba520641e2400001');
    expect(msgIdFromDecimal('1')).toBe('0000000000000001');
    expect(() => msgIdFromDecimal('18446744073709551616')).toThrow(RangeError);
    expect(() => msgIdFromDecimal('-1')).toThrow(RangeError);
  });

  it('refuses malformed ids and out-of-range parts', () => {
    expect(isMsgId('BA520641E2400001')).toBe(false);
    expect(() => parseMsgId('ba52')).toThrow(RangeError);
    expect(() => formatMsgId({ month: 13, day: 1, hour: 0, minute: 0, second: 0, gatewayId: 0, sequence: 0 })).toThrow(/month/);
    expect(() => formatMsgId({ month: 1, day: 1, hour: 0, minute: 0, second: 0, gatewayId: 0x400000, sequence: 0 })).toThrow(/gatewayId/);
  });
});

describe('group-send ids', () => {
  it('advance the 16-bit sequence and wrap it without touching the rest', () => {
    expect(groupMsgIds('ba520641e2400001', 3)).toEqual(['ba520641e2400001', 'ba520641e2400002', 'ba520641e2400003']);
    expect(nthMsgId('ba520641e240ffff', 1)).toBe('ba520641e2400000');
    expect(nthMsgId('ba520641e240fffe', 3)).toBe('ba520641e2400001');
  });
});

describe('MsgIdGenerator', () => {
  const at = Date.parse('2023-11-20T12:32:25Z'); // 20:32:25 in Beijing

  it('issues ids from the Beijing clock, the gateway code and a counter', () => {
    const generator = new MsgIdGenerator({ gatewayId: 123456, now: () => at });
    expect(generator.next()).toBe('ba520641e2400001');
    expect(generator.next()).toBe('ba520641e2400002');
  });

  it('reserves a block for a group send and wraps the sequence', () => {
    const generator = new MsgIdGenerator({ gatewayId: 123456, now: () => at, startSequence: 0xfffe });
    const first = generator.nextBlock(3);
    expect(first).toBe('ba520641e240fffe');
    expect(groupMsgIds(first, 3)[2]).toBe('ba520641e2400000');
    expect(generator.next()).toBe('ba520641e2400001');
  });

  it('refuses a gateway code over 22 bits', () => {
    expect(() => new MsgIdGenerator({ gatewayId: 0x400000 })).toThrow(RangeError);
  });
});
