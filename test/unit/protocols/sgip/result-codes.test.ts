import { describe, expect, it } from 'vitest';
import { DEFAULT_RESULT_OUTCOMES, resultName, resultOutcome, SgipResult } from '../../../../src/protocols/sgip/result-codes.ts';

describe('SGIP result codes', () => {
  it('names every code of spec table 5-2 and marks the rest', () => {
    expect(resultName(0)).toBe('OK');
    expect(resultName(11)).toBe('NODE_BUSY');
    expect(resultName(29)).toBe('UNKNOWN_USER');
    expect(resultName(77)).toBe('RESULT_77');
  });

  it('classes flow control as throttled, message faults as permanent, link faults as transient', () => {
    expect(resultOutcome(SgipResult.OK)).toBe('ok');
    expect(resultOutcome(SgipResult.NODE_BUSY)).toBe('throttled');
    expect(resultOutcome(SgipResult.SMSC_QUEUE_FULL)).toBe('throttled');
    expect(resultOutcome(SgipResult.ILLEGAL_MOBILE_NUMBER)).toBe('permanent');
    expect(resultOutcome(SgipResult.BAD_MESSAGE_LENGTH)).toBe('permanent');
    expect(resultOutcome(SgipResult.ILLEGAL_LOGIN)).toBe('transient');
    expect(resultOutcome(SgipResult.SYSTEM_FAILURE)).toBe('transient');
    expect(resultOutcome(99)).toBe('transient');
  });

  it('lists every defined code in the default table', () => {
    for (const code of Object.values(SgipResult)) expect(DEFAULT_RESULT_OUTCOMES.has(code)).toBe(true);
  });

  it('applies overrides, but never turns success into failure or failure into success', () => {
    expect(resultOutcome(8, { 8: 'transient' })).toBe('transient');
    expect(resultOutcome(50, new Map([[50, 'throttled']]))).toBe('throttled');
    expect(resultOutcome(0, { 0: 'permanent' })).toBe('ok');
    expect(resultOutcome(5, { 5: 'ok' })).toBe('transient');
  });
});
