// The ordered list of schema migrations; append new ones, never edit an applied one.
import { initial } from './001-initial.ts';
import { carriers } from './002-carriers.ts';
import { sensitiveWords } from './003-sensitive-words.ts';
import { blacklist } from './004-blacklist.ts';
import { messageCategory } from './005-message-category.ts';
import { tenants } from './006-tenants.ts';
import { billing } from './007-billing.ts';
import { contacts } from './008-contacts.ts';
import { templates } from './009-templates.ts';
import { compliance } from './010-compliance.ts';
import { stats } from './011-stats.ts';
import { campaigns } from './012-campaigns.ts';
import { messageOrigin } from './013-message-origin.ts';
import { importLeases } from './014-import-leases.ts';
import { cloudNoncesMessageCarrier } from './015-cloud-nonces-message-carrier.ts';
import { unmatchedReceiptRetry } from './016-unmatched-receipt-retry.ts';
import type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [initial, carriers, sensitiveWords, blacklist, messageCategory, tenants, billing, contacts, templates, compliance, stats, campaigns, messageOrigin, importLeases, cloudNoncesMessageCarrier, unmatchedReceiptRetry];

/** The migrations whose version is not in `applied`, in order. */
export function pendingMigrations(applied: Iterable<number>): Migration[] {
  const done = new Set(applied);
  return MIGRATIONS.filter((m) => !done.has(m.version));
}
