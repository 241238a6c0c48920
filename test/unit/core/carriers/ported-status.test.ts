// Which receipt statuses mean "the recipient was ported" (携号转网) and what they say about where to.
import { describe, expect, it } from 'vitest';
import { portedHint } from '../../../../src/core/carriers/ported-status.ts';

describe('portedHint', () => {
  it('LT:0036 as the stat or as the error code: ported, destination unknown', () => {
    expect(portedHint('LT:0036', null)).toEqual({ carrier: null });
    expect(portedHint('UNDELIV', 'LT:0036')).toEqual({ carrier: null });
  });

  it('NP:1243 says the number went to Unicom; other NP codes only that it was ported', () => {
    expect(portedHint('NP:1243', null)).toEqual({ carrier: 'cucc' });
    expect(portedHint('np:9999', null)).toEqual({ carrier: null });
  });

  it('a message error code that joins stat and code is understood', () => {
    expect(portedHint('UNDELIV:LT:0036')).toEqual({ carrier: null });
    expect(portedHint('UNDELIV:NP:1243')).toEqual({ carrier: 'cucc' });
    expect(portedHint('UNDELIV:XLT:0036')).toBeNull();
  });

  it('other statuses are not about porting', () => {
    expect(portedHint('DELIVRD', null)).toBeNull();
    expect(portedHint('UNDELIV', '036')).toBeNull();
    expect(portedHint('MK:0036', null)).toBeNull();
    expect(portedHint('NP:12', null)).toBeNull();
  });
});
