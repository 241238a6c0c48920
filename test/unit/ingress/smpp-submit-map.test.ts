// Intake refusals as SMPP command_status: policy refusals are permanent (ESME_RSUBMITFAIL), not ESME_RSYSERR.
import { describe, expect, it } from 'vitest';
import { statusForError } from '../../../src/ingress/smpp-submit-map.ts';
import { CommandStatus } from '../../../src/protocols/smpp/command-status.ts';

describe('statusForError', () => {
  it('answers blocked texts and blacklisted destinations with submit failed', () => {
    expect(statusForError({ code: 'content_blocked', field: 'text' })).toBe(CommandStatus.ESME_RSUBMITFAIL);
    expect(statusForError({ code: 'blacklisted', field: 'to[0]' })).toBe(CommandStatus.ESME_RSUBMITFAIL);
    expect(statusForError({ code: 'invalid_number', field: 'to[0]' })).toBe(CommandStatus.ESME_RINVDSTADR);
  });
});
