// Store contract, compliance: policies per owner (versioned, replaced whole), consent records
// append-only with the latest as current, history and paging per account, recent intake in keyset pages.
import { expect, it } from 'vitest';
import type { CompliancePolicy, NewConsent } from '../../src/store/types.ts';
import { message, seed, T, type StoreContext } from './fixtures.ts';

const N = '+8613800138000';
const consent = (over: Partial<NewConsent>): NewConsent => ({ accountId: 'acme', number: N, status: 'granted', source: 'web_form', evidence: null, at: T, expiresAt: null, ...over });
const policy = (over: Partial<CompliancePolicy>): CompliancePolicy => ({ frequencyRules: null, whitelist: [], sendingHours: null, requireMarketingConsent: false, ...over });

export function complianceCases(ctx: StoreContext): void {
  it('compliance: a policy per owner is stored whole, replaced on put, and moves the version', async () => {
    const { compliance } = ctx.store();
    const v0 = await compliance.version();
    expect(await compliance.getPolicy('acme')).toBeNull();
    const acme = policy({ frequencyRules: [{ category: 'verification', window: 'hour', limit: 3 }], whitelist: [N], requireMarketingConsent: true });
    await compliance.putPolicy('acme', acme, T);
    await compliance.putPolicy('', policy({ sendingHours: { start: '09:00', end: '20:00', timeZone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5] } }), T);
    const v1 = await compliance.version();
    expect(v1).not.toBe(v0);
    expect(await compliance.getPolicy('acme')).toEqual(acme);
    await compliance.putPolicy('acme', policy({ whitelist: [] }), T + 1);
    expect(await compliance.getPolicy('acme')).toEqual(policy({}));
    expect(await compliance.version()).not.toBe(v1);
    const all = await compliance.policies();
    expect(all.map((p) => p.owner)).toEqual(['', 'acme']);
    expect(all[0]!.policy.sendingHours?.days).toEqual([1, 2, 3, 4, 5]);
    expect(await compliance.getPolicy('globex')).toBeNull();
  });

  it('compliance: consent records are appended; the latest by time is current, per account', async () => {
    const { compliance } = ctx.store();
    expect(await compliance.currentConsent('acme', N)).toBeNull();
    const granted = await compliance.addConsent(consent({ evidence: 'form #12', expiresAt: T + 1000 }), T + 5);
    expect(granted).toMatchObject({ accountId: 'acme', number: N, status: 'granted', source: 'web_form', evidence: 'form #12', at: T, expiresAt: T + 1000, createdAt: T + 5 });
    expect(await compliance.currentConsent('acme', N)).toEqual(granted);
    const revoked = await compliance.addConsent(consent({ status: 'revoked', source: 'sms_reply', at: T + 10 }), T + 10);
    // An imported grant that happened earlier does not override the later revocation.
    await compliance.addConsent(consent({ source: 'import', at: T - 100 }), T + 20);
    expect(await compliance.currentConsent('acme', N)).toEqual(revoked);
    expect(await compliance.currentConsent('globex', N)).toBeNull();
    // Many numbers at once: the latest of each that has a record, others left out.
    const other = await compliance.addConsent(consent({ number: '+8613900000000' }), T + 30);
    const many = await compliance.currentConsents('acme', [N, '+8613900000000', '+8613700000000', N]);
    expect(many).toEqual(new Map([[N, revoked], ['+8613900000000', other]]));
    expect(await compliance.currentConsents('globex', [N])).toEqual(new Map());
    expect(await compliance.currentConsents('acme', [])).toEqual(new Map());
    const history = await compliance.consentHistory('acme', N);
    expect(history.map((c) => [c.status, c.source])).toEqual([
      ['revoked', 'sms_reply'],
      ['granted', 'web_form'],
      ['granted', 'import'],
    ]);
    expect(await compliance.consentHistory('globex', N)).toEqual([]);
  });

  it('compliance: consent lists page newest first per account, optionally per number', async () => {
    const { compliance } = ctx.store();
    for (let i = 0; i < 5; i++) await compliance.addConsent(consent({ number: `+861380013800${i}` }), T + i);
    await compliance.addConsent(consent({ accountId: 'globex' }), T + 9);
    const first = await compliance.listConsents({ accountId: 'acme', limit: 3 });
    expect(first.items.map((c) => c.number)).toEqual(['+8613800138004', '+8613800138003', '+8613800138002']);
    const second = await compliance.listConsents({ accountId: 'acme', limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.number)).toEqual(['+8613800138001', '+8613800138000']);
    expect(second.nextCursor).toBeNull();
    expect((await compliance.listConsents({ accountId: 'acme', number: '+8613800138001', limit: 10 })).items.length).toBe(1);
    expect((await compliance.listConsents({ accountId: 'globex', limit: 10 })).items.map((c) => c.accountId)).toEqual(['globex']);
  });

  it('compliance: recent intake comes in (createdAt, id) keyset pages from a given time', async () => {
    const store = ctx.store();
    await seed(store, [
      message({ id: 'old', createdAt: T - 10 }),
      message({ id: 'a', createdAt: T, category: 'verification' }),
      message({ id: 'b', createdAt: T, accountId: 'globex' }),
      message({ id: 'c', createdAt: T + 1, category: 'marketing', recipient: '+8613900139000' }),
    ]);
    const page1 = await store.compliance.recentIntake(T, null, 2);
    expect(page1).toEqual([
      { id: 'a', accountId: 'acc-1', recipient: N, category: 'verification', createdAt: T },
      { id: 'b', accountId: 'globex', recipient: N, category: 'notification', createdAt: T },
    ]);
    const page2 = await store.compliance.recentIntake(T, { at: T, id: 'b' }, 2);
    expect(page2.map((r) => [r.id, r.category, r.recipient])).toEqual([['c', 'marketing', '+8613900139000']]);
  });

  it('compliance: purging old messages never touches consent evidence (kept at least 5 months)', async () => {
    const store = ctx.store();
    const old = T - 400 * 86_400_000;
    await store.compliance.addConsent(consent({ at: old }), old);
    await seed(store, [message({ id: 'done', state: 'delivered', doneAt: old, createdAt: old })]);
    expect(await store.messages.purgeFinal(T, 100)).toBe(1);
    expect((await store.compliance.consentHistory('acme', N)).length).toBe(1);
  });
}
