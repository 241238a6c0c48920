// Chinese (简体中文) strings of the console, the default for zh-* browsers, composed from one module per area under zh/.
import type { Dictionary } from './en.ts';
import { coreZh } from './zh/core.ts';
import { campaignsZh } from './zh/campaigns.ts';
import { tenantsZh } from './zh/tenants.ts';
import { templatesZh } from './zh/templates.ts';
import { contactsZh } from './zh/contacts.ts';
import { billingZh } from './zh/billing.ts';
import { statisticsZh } from './zh/statistics.ts';
import { complianceZh } from './zh/compliance.ts';
import { policyPagesZh } from './zh/policy-pages.ts';
import { cloudKeysZh } from './zh/cloud-keys.ts';
import { backupZh } from './zh/backup.ts';

export const zh: Dictionary = {
  ...coreZh,
  ...campaignsZh,
  ...tenantsZh,
  ...templatesZh,
  ...contactsZh,
  ...billingZh,
  ...statisticsZh,
  ...complianceZh,
  ...policyPagesZh,
  ...cloudKeysZh,
  ...backupZh,
};
