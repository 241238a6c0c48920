// OptOut: a keyword reply is recorded on the account's unsubscribe list (in E.164) and confirmed through
// intake exempt from that list; other texts, and an empty confirmation setting, do nothing more.
import { describe, expect, it } from 'vitest';
import type { SubmitRequest } from '../../../src/core/intake-port.ts';
import { NumberNormalizer } from '../../../src/core/numbers.ts';
import { OptOut } from '../../../src/core/opt-out.ts';
import type { NewBlacklistEntry, NewConsent, Store } from '../../../src/store/types.ts';

function setup(confirmation = '您已成功退订') {
  const added: NewBlacklistEntry[] = [];
  const consents: NewConsent[] = [];
  const submitted: SubmitRequest[] = [];
  let changes = 0;
  const store = {
    blacklist: { add: async (e: NewBlacklistEntry) => (added.push(e), { ...e, id: '1', createdAt: 0 }) },
    compliance: { addConsent: async (c: NewConsent) => (consents.push(c), { ...c, id: '1', createdAt: 0 }) },
  } as unknown as Store;
  const optOut = new OptOut({ store, numbers: new NumberNormalizer('CN'), onChange: async () => void changes++, confirmation, now: () => 5 });
  optOut.useIntake({ submit: async (r) => (submitted.push(r), { duplicate: false, results: [{ recipient: r.recipients[0], ok: true, messageId: 'm', segments: 1, encoding: 'ucs2', normalized: r.recipients[0] }] }) });
  return { optOut, added, consents, submitted, changes: () => changes };
}

describe('OptOut', () => {
  it('records a keyword reply and confirms it exempt from the unsubscribe list', async () => {
    const { optOut, added, consents, submitted, changes } = setup();
    expect(await optOut.record('acme', '8613700137000', 'ＴＤ')).toBe(true);
    expect(added).toEqual([{ scope: 'unsubscribe', accountId: 'acme', signature: null, number: '+8613700137000', reason: 'replied ＴＤ' }]);
    // The reply is kept as consent evidence: a revocation by SMS reply.
    expect(consents).toEqual([{ accountId: 'acme', number: '+8613700137000', status: 'revoked', source: 'sms_reply', evidence: 'replied ＴＤ', at: 5, expiresAt: null }]);
    expect(changes()).toBe(1);
    expect(await optOut.confirm('acme', '+8613700137000', '10698881234')).toBe(true);
    expect(submitted).toMatchObject([{ accountId: 'acme', recipients: ['+8613700137000'], text: '您已成功退订', sender: '10698881234', skipUnsubscribe: true }]);
  });

  it('ignores other texts and unparseable senders; an empty confirmation sends nothing', async () => {
    const { optOut, added, consents, submitted } = setup('');
    expect(await optOut.record('acme', '+8613700137000', '退订 please')).toBe(false);
    expect(await optOut.record('acme', 'not-a-number', 'TD')).toBe(false);
    expect(added).toEqual([]);
    expect(consents).toEqual([]);
    expect(await optOut.confirm('acme', '+8613700137000', '1069')).toBe(false);
    expect(submitted).toEqual([]);
  });
});
