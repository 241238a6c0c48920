// SUBMIT/DELIVER Result codes → outcome and names.
import { describe, expect, it } from 'vitest';
import { CmppResult, resultForDecodeError, resultName, resultOutcome } from '../../../../src/protocols/cmpp/result.ts';
import { PduDecodeError } from '../../../../src/protocols/shared/decode-error.ts';

describe('CMPP Result codes', () => {
  it('maps defined codes: 8 throttles, 3 retries, field errors are permanent', () => {
    expect(resultOutcome(0)).toBe('ok');
    expect(resultOutcome(CmppResult.FLOW_CONTROL)).toBe('throttled');
    expect(resultOutcome(CmppResult.DUPLICATE_SEQUENCE)).toBe('transient');
    for (const code of [1, 2, 4, 5, 6, 7, 9, 10, 11, 12, 13]) expect(resultOutcome(code), String(code)).toBe('permanent');
  });

  it('reserved and vendor codes are transient unless overridden', () => {
    expect(resultOutcome(42)).toBe('transient');
    expect(resultOutcome(105)).toBe('transient');
    expect(resultOutcome(105, { 105: 'throttled' })).toBe('throttled');
    expect(resultOutcome(13, new Map([[13, 'transient' as const]]))).toBe('transient');
    expect(resultOutcome(0, { 0: 'permanent' })).toBe('ok');
  });

  it('names codes for logs', () => {
    expect(resultName(8)).toBe('FLOW_CONTROL (8)');
    expect(resultName(105)).toBe('vendor (105)');
    expect(resultName(42)).toBe('reserved (42)');
  });

  it('answers undecodable requests with a length or structure error', () => {
    const error = (kind: 'truncated' | 'bad_length' | 'bad_value' | 'unknown_command') => new PduDecodeError(kind, 'x', { offset: 0 });
    expect(resultForDecodeError(error('truncated'))).toBe(4);
    expect(resultForDecodeError(error('bad_length'))).toBe(4);
    expect(resultForDecodeError(error('bad_value'))).toBe(1);
    expect(resultForDecodeError(error('unknown_command'))).toBe(2);
  });
});
