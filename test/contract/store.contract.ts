// The one store contract suite: every Store implementation must pass it unchanged (a fresh empty store per test).
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../src/store/types.ts';
import { blacklistCases } from './blacklist-cases.ts';
import { carrierCases } from './carrier-cases.ts';
import { complianceCases } from './compliance-cases.ts';
import { entityCases } from './entity-cases.ts';
import { messageCases } from './message-cases.ts';
import { sensitiveWordCases } from './sensitive-word-cases.ts';

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
    complianceCases(ctx);
  });
}
