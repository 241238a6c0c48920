// Kannel dlr-mask/dlr-url: the callback marker round trip, which states a mask reports, and escape expansion.
import { describe, expect, it } from 'vitest';
import { decodeKannelDlr, dlrValueFor, encodeKannelDlr, expandDlrUrl } from '../../../src/core/kannel-dlr.ts';
import type { Message } from '../../../src/core/message.ts';

const message = {
  id: 'M1',
  recipient: '+8613800138000',
  sender: 'ACME',
  text: 'hi there',
  encoding: 'gsm7',
  state: 'undelivered',
  connectorId: 'sim',
  errorCode: 'UNDELIV',
  errorMessage: null,
} as unknown as Message;

describe('Kannel DLR', () => {
  it('round-trips the marker, URLs with colons included, and ignores ordinary webhooks', () => {
    const marker = encodeKannelDlr({ mask: 31, url: 'http://h:8080/d?x=%d' });
    expect(decodeKannelDlr(marker)).toEqual({ mask: 31, url: 'http://h:8080/d?x=%d' });
    expect(decodeKannelDlr('https://example.com/hook')).toBeNull();
    expect(decodeKannelDlr(null)).toBeNull();
    expect(decodeKannelDlr('kannel:x:http://h')).toBeNull();
  });

  it('reports a state only when the mask asks for it', () => {
    expect(dlrValueFor('delivered', 1)).toBe(1);
    expect(dlrValueFor('delivered', 2)).toBeNull();
    expect(dlrValueFor('undelivered', 3)).toBe(2);
    expect(dlrValueFor('expired', 2)).toBe(2);
    expect(dlrValueFor('rejected', 16)).toBe(16);
    expect(dlrValueFor('rejected', 2)).toBe(2);
    expect(dlrValueFor('rejected', 1)).toBeNull();
    expect(dlrValueFor('submitted', 31)).toBeNull();
  });

  it('fills the escapes it has data for, URL-encoded, and empties the others', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    const url = expandDlrUrl('http://h/d?d=%d&p=%p&P=%P&t=%t&T=%T&A=%A&F=%F&i=%i&I=%I&b=%b&c=%c&k=%k&n=%n&pc=%%&sp=%20', message, 2, at);
    expect(url).toBe(`http://h/d?d=2&p=%2B8613800138000&P=ACME&t=2026-01-02%2003%3A04%3A05&T=${at / 1000}&A=UNDELIV&F=UNDELIV&i=sim&I=M1&b=hi%20there&c=0&k=&n=&pc=%&sp=%20`);
  });

  it('gives no failure code for a delivery', () => {
    expect(expandDlrUrl('x?F=%F', { ...message, state: 'delivered', errorCode: 'DELIVRD' }, 1, 0)).toBe('x?F=');
  });
});
