// The one store contract suite: every Store implementation must pass it unchanged (a fresh empty store per test).
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../src/store/types.ts';
import { billingCases } from './billing-cases.ts';
import { blacklistCases } from './blacklist-cases.ts';
import { campaignCases } from './campaign-cases.ts';
import { carrierCases } from './carrier-cases.ts';
import { contactCases } from './contact-cases.ts';
import { complianceCases } from './compliance-cases.ts';
import { entityCases } from './entity-cases.ts';
import { messageCases } from './message-cases.ts';
import { sensitiveWordCases } from './sensitive-word-cases.ts';
import { tenantCases } from './tenant-cases.ts';
import { templateCases } from './template-cases.ts';
import { statsCases } from './stats-cases.ts';

export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let current: Store | undefined;
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const ctx = {
      store(): Store {
        if (!current) throw new Error('no store open');
        return current;
      },
    };
    messageCases(ctx);
    entityCases(ctx);
    carrierCases(ctx);
    sensitiveWordCases(ctx);
    blacklistCases(ctx);
    campaignCases(ctx);
    tenantCases(ctx);
    templateCases(ctx);
    contactCases(ctx);
    billingCases(ctx);
    statsCases(ctx);
    complianceCases(ctx);
  });
}
