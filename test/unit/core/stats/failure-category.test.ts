// The failure classifier: every status family of domain.md §4, the stored code shapes of each protocol, edits by table.
import { describe, expect, it } from 'vitest';
import { checkFailureTable, DEFAULT_FAILURE_TABLE, failureClassifier, FAILURE_CATEGORIES } from '../../../../src/core/stats/failure-category.ts';

const classify = failureClassifier();
const undeliv = (code: string | null) => classify('undelivered', code);

describe('failure categories', () => {
  it('gives no category to delivered, in-progress and cancelled messages', () => {
    for (const state of ['delivered', 'queued', 'submitted', 'accepted', 'scheduled', 'cancelled'] as const) expect(classify(state, 'MK:0005')).toBeNull();
  });

  it('final-state words (domain.md §4.1)', () => {
    expect(classify('expired', 'EXPIRED')).toBe('expired');
    expect(classify('expired', 'MK:0001')).toBe('expired');
    expect(classify('rejected', 'REJECTD')).toBe('carrier_rejected');
    expect(undeliv('DELETED')).toBe('carrier_rejected');
    expect(undeliv('NOROUTE')).toBe('no_route');
    expect(undeliv('UNKNOWN')).toBe('unknown');
    expect(undeliv('UNDELIV')).toBe('unknown');
  });

  it('CA/CB (SCP) and DA/DB (DSMP) families', () => {
    expect(undeliv('CB:0001')).toBe('invalid_number');
    expect(undeliv('CB:0007')).toBe('carrier_rejected');
    expect(undeliv('CA:0099')).toBe('carrier_error');
    expect(undeliv('DB:0101')).toBe('invalid_number');
    expect(undeliv('DB:0102')).toBe('powered_off');
    expect(undeliv('DB:0108')).toBe('carrier_rejected');
    expect(undeliv('DB:0142')).toBe('rate_limited');
    expect(undeliv('DB:0144')).toBe('blacklist');
    expect(undeliv('DB:9007')).toBe('rate_limited');
    expect(undeliv('DA:0001')).toBe('carrier_error');
  });

  it('IA/IB/IC/ID (next-hop ISMG) family', () => {
    expect(undeliv('IB:0008')).toBe('rate_limited');
    expect(undeliv('IB:0011')).toBe('carrier_error');
    expect(undeliv('IA:0054')).toBe('carrier_error');
    for (const code of ['ID:0140', 'ID:0141', 'ID:0199']) expect(undeliv(code)).toBe('blacklist');
    for (const code of ['ID:0142', 'ID:0143', 'ID:0311']) expect(undeliv(code)).toBe('rate_limited');
    expect(undeliv('ID:0318')).toBe('keyword_blocked');
    expect(undeliv('ID:0999')).toBe('carrier_rejected');
    expect(undeliv('IC:0001')).toBe('carrier_error');
  });

  it('MA/MB/MC (SMSC) family', () => {
    expect(undeliv('MA:0051')).toBe('carrier_error');
    expect(undeliv('MA:0054')).toBe('carrier_error');
    expect(undeliv('MB:1041')).toBe('rate_limited');
    expect(undeliv('MB:1077')).toBe('blacklist');
    expect(undeliv('MB:1079')).toBe('carrier_rejected');
    expect(undeliv('MC:0001')).toBe('carrier_error');
  });

  it('MI/MK/MN (handset and number) family', () => {
    for (const code of ['MI:0013', 'MI:0024', 'MI:0029', 'MK:0005', 'MK:0010', 'MN:0001']) expect(undeliv(code)).toBe('powered_off');
    for (const code of ['MK:0000', 'MK:0001', 'MK:0012', 'MK:0013']) expect(undeliv(code)).toBe('invalid_number');
    expect(undeliv('MK:0017')).toBe('handset_error');
    expect(undeliv('MK:0115')).toBe('blacklist');
  });

  it('LT/NP (ported) and the aggregators\' platform words', () => {
    expect(undeliv('LT:0036')).toBe('ported');
    expect(undeliv('NP:1243')).toBe('ported');
    for (const word of ['MBBLACK', 'DBBLACK', 'TSBLACK', 'DISTURB']) expect(undeliv(word)).toBe('blacklist');
    expect(undeliv('KEYWORD')).toBe('keyword_blocked');
    expect(undeliv('LIMIT')).toBe('rate_limited');
    expect(undeliv('MILIMIT')).toBe('rate_limited');
    expect(undeliv('HD:29')).toBe('unknown');
  });

  it('SGIP and SMGP numeric codes, in receipts (ERR:n) and on submit (sgip:n)', () => {
    expect(undeliv('ERR:25:25')).toBe('powered_off');
    expect(undeliv('ERR:29:29')).toBe('invalid_number');
    expect(undeliv('ERR:23:23')).toBe('no_route');
    expect(undeliv('ERR:26:26')).toBe('handset_error');
    expect(undeliv('ERR:32:32')).toBe('carrier_error');
    expect(classify('failed', 'sgip:6')).toBe('invalid_number');
    expect(classify('failed', 'sgip:23')).toBe('no_route');
    expect(classify('failed', 'SGIP:1')).toBe('carrier_error');
    expect(classify('failed', 'smgp:9')).toBe('carrier_rejected');
    expect(classify('failed', 'cmpp:8')).toBe('carrier_rejected');
  });

  it('receipt codes stored as "<stat>:<err>" classify by their stat', () => {
    expect(undeliv('MK:0005:MK:0005')).toBe('powered_off');
    expect(undeliv('UNDELIV:001')).toBe('unknown');
    expect(classify('rejected', 'REJECTD:003')).toBe('carrier_rejected');
    expect(undeliv('mk:0001')).toBe('invalid_number');
  });

  it('SMPP command_status and the platform\'s own codes', () => {
    expect(classify('failed', 'smpp:0x0000000b')).toBe('invalid_number');
    expect(classify('failed', 'smpp:0x00000058')).toBe('rate_limited');
    expect(classify('failed', 'smpp:0x00000045')).toBe('carrier_rejected');
    expect(classify('failed', 'blacklisted')).toBe('blacklist');
    expect(classify('failed', 'content_blocked')).toBe('keyword_blocked');
    expect(classify('failed', 'rate_limited')).toBe('rate_limited');
    expect(classify('failed', 'invalid_number')).toBe('invalid_number');
    expect(classify('failed', 'no_route')).toBe('no_route');
    expect(classify('failed', 'simulator:rejected')).toBe('carrier_rejected');
    expect(classify('failed', 'connector:encoding:bad_char')).toBe('carrier_error');
    expect(classify('expired', 'no_receipt')).toBe('expired');
  });

  it('falls back by state when no entry matches', () => {
    expect(undeliv(null)).toBe('unknown');
    expect(undeliv('XYZ:1')).toBe('unknown');
    expect(classify('rejected', null)).toBe('carrier_rejected');
    expect(classify('failed', 'something new')).toBe('unknown');
  });

  it('an edited table refines a family or replaces a default; every default names a known category', () => {
    const edited = failureClassifier({ ...DEFAULT_FAILURE_TABLE, ...checkFailureTable({ 'mk:0005': 'invalid_number', 'HD:*': 'carrier_rejected' }) });
    expect(edited('undelivered', 'MK:0005')).toBe('invalid_number');
    expect(edited('undelivered', 'MK:0010')).toBe('powered_off');
    expect(edited('undelivered', 'HD:29')).toBe('carrier_rejected');
    for (const category of Object.values(DEFAULT_FAILURE_TABLE)) expect(FAILURE_CATEGORIES).toContain(category);
    expect(() => checkFailureTable({ 'MK:1': 'nonsense' })).toThrow(/category for 'MK:1'/);
    expect(() => checkFailureTable({ ' ': 'unknown' })).toThrow(/1 to 64/);
  });
});
