// Tests for the SMPP command_status catalogue, names and default outcomes.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CommandStatus,
  DEFAULT_STATUS_OUTCOMES,
  commandStatusName,
  commandStatusRange,
  statusOutcome,
} from '../../../../src/protocols/smpp/command-status.ts';

describe('CommandStatus catalogue', () => {
  it('has the Table 5-2 values for a sample of names', () => {
    expect(CommandStatus.ESME_ROK).toBe(0);
    expect(CommandStatus.ESME_RINVMSGLEN).toBe(1);
    expect(CommandStatus.ESME_RSYSERR).toBe(8);
    expect(CommandStatus.ESME_RINVSRCADR).toBe(0x0a);
    expect(CommandStatus.ESME_RMSGQFUL).toBe(0x14);
    expect(CommandStatus.ESME_RINVNUMDESTS).toBe(0x33);
    expect(CommandStatus.ESME_RSUBMITFAIL).toBe(0x45);
    expect(CommandStatus.ESME_RINVDSTTON).toBe(0x50);
    expect(CommandStatus.ESME_RTHROTTLED).toBe(0x58);
    expect(CommandStatus.ESME_RX_T_APPN).toBe(0x64);
    expect(CommandStatus.ESME_RQUERYFAIL).toBe(0x67);
    expect(CommandStatus.ESME_RINVOPTPARSTREAM).toBe(0xc0);
    expect(CommandStatus.ESME_RINVOPTPARAMVAL).toBe(0xc4);
    expect(CommandStatus.ESME_RDELIVERYFAILURE).toBe(0xfe);
    expect(CommandStatus.ESME_RUNKNOWNERR).toBe(0xff);
  });

  it('has the 48 names of Table 5-2 with distinct values', () => {
    const values = Object.values(CommandStatus);
    expect(values).toHaveLength(48);
    expect(new Set(values).size).toBe(values.length);
  });

  it('gives every defined code an explicit default outcome', () => {
    for (const code of Object.values(CommandStatus)) {
      expect(DEFAULT_STATUS_OUTCOMES.has(code), commandStatusName(code)).toBe(true);
    }
  });
});

describe('commandStatusName', () => {
  it('names defined codes', () => {
    expect(commandStatusName(0)).toBe('ESME_ROK');
    expect(commandStatusName(0x58)).toBe('ESME_RTHROTTLED');
    expect(commandStatusName(0xc2)).toBe('ESME_RINVPARLEN');
  });

  it('renders unknown codes in hex with their range', () => {
    expect(commandStatusName(0x401)).toBe('0x00000401 (vendor)');
    expect(commandStatusName(0x105)).toBe('0x00000105 (extension)');
    expect(commandStatusName(0x09)).toBe('0x00000009 (reserved)');
    expect(commandStatusName(0xdeadbeef)).toBe('0xDEADBEEF (reserved)');
  });

  it('classifies ranges at their edges', () => {
    expect(commandStatusRange(0xff)).toBe('defined');
    expect(commandStatusRange(0x100)).toBe('extension');
    expect(commandStatusRange(0x3ff)).toBe('extension');
    expect(commandStatusRange(0x400)).toBe('vendor');
    expect(commandStatusRange(0x4ff)).toBe('vendor');
    expect(commandStatusRange(0x500)).toBe('reserved');
  });

  it('round-trips every name through its value', () => {
    for (const [name, code] of Object.entries(CommandStatus)) {
      expect(commandStatusName(code)).toBe(name);
    }
  });
});

describe('statusOutcome', () => {
  it.each([
    [CommandStatus.ESME_ROK, 'ok'],
    [CommandStatus.ESME_RTHROTTLED, 'throttled'],
    [CommandStatus.ESME_RMSGQFUL, 'transient'],
    [CommandStatus.ESME_RX_T_APPN, 'transient'],
    [CommandStatus.ESME_RSYSERR, 'transient'],
    [CommandStatus.ESME_RUNKNOWNERR, 'transient'],
    [CommandStatus.ESME_RSUBMITFAIL, 'transient'],
    [CommandStatus.ESME_RINVBNDSTS, 'transient'],
    [CommandStatus.ESME_RINVDSTADR, 'permanent'],
    [CommandStatus.ESME_RINVSRCADR, 'permanent'],
    [CommandStatus.ESME_RINVDSTTON, 'permanent'],
    [CommandStatus.ESME_RINVESMCLASS, 'permanent'],
    [CommandStatus.ESME_RINVMSGLEN, 'permanent'],
    [CommandStatus.ESME_RX_P_APPN, 'permanent'],
    [CommandStatus.ESME_RX_R_APPN, 'permanent'],
    [CommandStatus.ESME_RINVOPTPARAMVAL, 'permanent'],
    [0x401, 'transient'],
    [0x09, 'transient'],
  ] as const)('0x%s → %s', (code, outcome) => {
    expect(statusOutcome(code)).toBe(outcome);
  });

  it('applies record overrides', () => {
    const overrides = { [0x45]: 'permanent', [0x401]: 'throttled' } as const;
    expect(statusOutcome(0x45, overrides)).toBe('permanent');
    expect(statusOutcome(0x401, overrides)).toBe('throttled');
    expect(statusOutcome(0x14, overrides)).toBe('transient');
  });

  it('applies Map overrides', () => {
    const overrides = new Map([[0x0b, 'transient' as const]]);
    expect(statusOutcome(0x0b, overrides)).toBe('transient');
    expect(statusOutcome(0x0a, overrides)).toBe('permanent');
  });

  it('never lets an override turn ESME_ROK into a failure', () => {
    expect(statusOutcome(0, { 0: 'permanent' })).toBe('ok');
  });

  it('answers for any 32-bit code and only ESME_ROK is ok', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (code) => {
        const outcome = statusOutcome(code);
        expect(['ok', 'permanent', 'transient', 'throttled']).toContain(outcome);
        expect(outcome === 'ok').toBe(code === 0);
      }),
    );
  });
});
