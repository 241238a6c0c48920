// English strings of the console, composed from one module per area under en/; its keys define the Dictionary every language must fill.
import { coreEn } from './en/core.ts';
import { campaignsEn } from './en/campaigns.ts';
import { tenantsEn } from './en/tenants.ts';
import { templatesEn } from './en/templates.ts';
import { contactsEn } from './en/contacts.ts';
import { billingEn } from './en/billing.ts';
import { statisticsEn } from './en/statistics.ts';
import { complianceEn } from './en/compliance.ts';
import { policyPagesEn } from './en/policy-pages.ts';
import { cloudKeysEn } from './en/cloud-keys.ts';
import { backupEn } from './en/backup.ts';

export const en = {
  ...coreEn,
  ...campaignsEn,
  ...tenantsEn,
  ...templatesEn,
  ...contactsEn,
  ...billingEn,
  ...statisticsEn,
  ...complianceEn,
  ...policyPagesEn,
  ...cloudKeysEn,
  ...backupEn,
};

export type MessageKey = keyof typeof en;
/** Every language fills every key: a missing or extra key is a type error. */
export type Dictionary = Record<MessageKey, string>;
