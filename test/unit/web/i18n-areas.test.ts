// Each i18n key lives in exactly one area module, and en and zh have the same key set.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from '../../../web/src/i18n/en.ts';
import { zh } from '../../../web/src/i18n/zh.ts';
import { backupEn } from '../../../web/src/i18n/en/backup.ts';
import { billingEn } from '../../../web/src/i18n/en/billing.ts';
import { campaignsEn } from '../../../web/src/i18n/en/campaigns.ts';
import { cloudKeysEn } from '../../../web/src/i18n/en/cloud-keys.ts';
import { complianceEn } from '../../../web/src/i18n/en/compliance.ts';
import { contactsEn } from '../../../web/src/i18n/en/contacts.ts';
import { coreEn } from '../../../web/src/i18n/en/core.ts';
import { policyPagesEn } from '../../../web/src/i18n/en/policy-pages.ts';
import { statisticsEn } from '../../../web/src/i18n/en/statistics.ts';
import { templatesEn } from '../../../web/src/i18n/en/templates.ts';
import { tenantsEn } from '../../../web/src/i18n/en/tenants.ts';

const areas: Record<string, Record<string, string>> = {
  'backup.ts': backupEn,
  'billing.ts': billingEn,
  'campaigns.ts': campaignsEn,
  'cloud-keys.ts': cloudKeysEn,
  'compliance.ts': complianceEn,
  'contacts.ts': contactsEn,
  'core.ts': coreEn,
  'policy-pages.ts': policyPagesEn,
  'statistics.ts': statisticsEn,
  'templates.ts': templatesEn,
  'tenants.ts': tenantsEn,
};

describe('i18n area modules', () => {
  it('imports every en area module', () => {
    const dir = fileURLToPath(new URL('../../../web/src/i18n/en/', import.meta.url));
    expect(Object.keys(areas).sort()).toEqual(readdirSync(dir).filter((f) => f.endsWith('.ts')).sort());
  });

  it('defines no key in two area modules', () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const [file, dict] of Object.entries(areas)) {
      for (const key of Object.keys(dict)) {
        const first = owner.get(key);
        if (first) twice.push(`${key} (${first}, ${file})`);
        else owner.set(key, file);
      }
    }
    expect(twice).toEqual([]);
    expect(Object.keys(en).length).toBe(owner.size);
  });

  it('gives en and zh the same key set', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
});
