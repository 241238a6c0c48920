// What the HTTP API needs from the rest of the platform (wired by main.ts).
import type { Registry } from 'prom-client';
import type { BackupFolder } from '../backup/backup-folder.ts';
import type { AuditTrail } from '../core/auth/audit-trail.ts';
import type { LoginThrottle } from '../core/auth/login-throttle.ts';
import type { BillingBook } from '../core/billing/billing-book.ts';
import type { CarrierBook } from '../core/carriers/carrier-book.ts';
import type { ContactImporter } from '../core/contacts/contact-importer.ts';
import type { Gateway } from '../core/gateway.ts';
import type { BlacklistBook } from '../core/policy/blacklist-book.ts';
import type { ComplianceBook } from '../core/compliance/compliance-book.ts';
import type { SensitiveWordBook } from '../core/policy/sensitive-word-book.ts';
import type { TemplateBook } from '../core/templates/template-book.ts';
import type { FailureTableBook } from '../core/stats/failure-table-book.ts';
import type { StatsRollup } from '../core/stats/stats-rollup.ts';
import type { Store } from '../store/types.ts';
import type { SessionTokens } from './principal.ts';

export interface TextPreview {
  encoding: string;
  segments: number;
  length: number;
  perSegment: number;
  remainingInSegment: number;
}

export interface ConnectorAdmin {
  /** Starts, restarts or stops the connector to match its stored record. */
  apply(id: string): Promise<void>;
}

export interface ApiDeps {
  store: Store;
  /** Normalises a number as intake does, so searches match what was stored (E.164). */
  normalizeNumber: (input: string) => string | null;
  gateway: Gateway;
  sessions: SessionTokens;
  preview: (text: string) => TextPreview;
  metrics: Registry;
  connectorAdmin: ConnectorAdmin;
  /** Carrier attribution: segment table and ported-number overrides, as routing sees them. */
  carriers: CarrierBook;
  /** The matchers intake checks texts with; refreshed at once after an edit through this node. */
  sensitiveWords: SensitiveWordBook;
  /** Refreshed after each edit so this node applies it at once. */
  blacklist?: BlacklistBook;
  /** Campaign runs: asked to look for work at once after a start or resume. */
  campaigns?: { tick(): Promise<void> };
  /** Where audit entries go; absent = the API batches them into store.audit itself. */
  audit?: AuditTrail;
  /** Failed logins per client address, shared with the SMPP/CMPP ingress; absent = the API keeps its own (IP_LOGIN_POLICY). */
  loginThrottle?: LoginThrottle;
  /** Approved signatures and templates as intake uses them; invalidated after each edit. */
  templates?: TemplateBook;
  /** Runs address-book imports in this process. */
  contactImports: ContactImporter;
  /** Prices, balances and refunds; absent = nothing is billed (billing routes answer 404). */
  billing?: BillingBook;
  /** The failure-category table (defaults + admin edits). */
  failureTable: FailureTableBook;
  /** The hourly statistics rollup job (runs in the background; the API can run it at once). */
  statsRollup: StatsRollup;
  /** The zone reports bucket days / weeks / months in when the request names none (default Asia/Shanghai). */
  statsTimeZone?: string;
  /** Frequency rules, whitelists, sending hours, consent switch as intake applies them; refreshed after each edit. */
  compliance?: ComplianceBook;
  /** This node's backup folder (console backups and staged restores); absent = the backup routes answer 404. */
  backups?: BackupFolder;
  /** Built console (web/dist), served at / when present. */
  webRoot?: string;
}
