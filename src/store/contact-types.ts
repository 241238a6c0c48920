// Store types of the address book: contacts, groups and imports.
import type { Page } from './types.ts';

/** One entry of an account's address book. Numbers are E.164 and unique per account. */
export interface Contact {
  /** The row's sequence number as text. */
  id: string;
  accountId: string;
  number: string;
  /** '' when unknown. */
  name: string;
  /** Custom fields (birthday, level, …), as imported or edited. */
  fields: Record<string, string>;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

export type NewContact = Pick<Contact, 'accountId' | 'number' | 'name' | 'fields' | 'tags'>;

export interface ContactGroup {
  id: string;
  accountId: string;
  name: string;
  kind: 'static' | 'dynamic';
  /** The JSON ContactFilter of a dynamic group (core/contacts/contact-filter.ts); null for a static one. */
  filter: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Newest first. `search` is a name prefix or any of `numberPrefixes`; `groupId` a static group's members. */
export interface ContactListFilter {
  accountId: string;
  namePrefix?: string;
  numberPrefixes?: string[];
  groupId?: string;
  tag?: string;
  cursor?: string;
  limit: number;
}

export type ImportMode = 'skip' | 'update';
export type ImportStatus = 'running' | 'done' | 'failed' | 'cancelled';
export type ImportPhase = 'uploading' | 'parsing' | 'committing' | 'finished';

export interface ContactImport {
  id: string;
  accountId: string;
  status: ImportStatus;
  phase: ImportPhase;
  format: 'csv' | 'txt' | 'xlsx';
  mode: ImportMode;
  groupId: string | null;
  fileName: string | null;
  /** Size of the uploaded file and how far parsing has read it: the progress while the row count is unknown. */
  bytes: number;
  bytesRead: number;
  /** Rows read (data rows, header excluded); final once parsing ends. */
  total: number;
  /** Rows handled: parsed while parsing, committed once done. */
  done: number;
  inserted: number;
  updated: number;
  skipped: number;
  errors: number;
  /** JSON of the column mapping used (core/contacts/column-map.ts). */
  columns: string | null;
  message: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/** A parsed row waiting in the staging table. */
export interface StagedContact {
  rowNo: number;
  number: string;
  name: string;
  fields: Record<string, string>;
  tags: string[];
}

export type ImportErrorReason = 'missing_number' | 'invalid_number' | 'duplicate_in_file' | 'exists' | 'bad_row';

export interface ImportRowError {
  rowNo: number;
  /** The number as written in the file. */
  number: string;
  reason: ImportErrorReason;
}

export interface ContactRepository {
  /** Adds the contact; null when the account already has that number. */
  insert(contact: NewContact, at: number): Promise<Contact | null>;
  get(accountId: string, id: string): Promise<Contact | null>;
  getByNumber(accountId: string, number: string): Promise<Contact | null>;
  /** Several contacts of one account by id (unknown or foreign ids are left out), in id order. */
  getMany(accountId: string, ids: string[]): Promise<Contact[]>;
  /** Replaces name, fields, tags (and number); null when there is no such contact, 'conflict' when the number is taken. */
  update(accountId: string, id: string, change: Pick<Contact, 'number' | 'name' | 'fields' | 'tags'>, at: number): Promise<Contact | null | 'conflict'>;
  /** Deletes contacts (and their memberships); resolves with how many went. */
  delete(accountId: string, ids: string[]): Promise<number>;
  list(filter: ContactListFilter): Promise<Page<Contact>>;
  /** Oldest first after `afterId` ('0' = from the start): the constant-memory walk campaigns and exports use. */
  scan(accountId: string, afterId: string, limit: number, groupId?: string): Promise<Contact[]>;
  count(accountId: string, groupId?: string): Promise<number>;

  createGroup(group: Pick<ContactGroup, 'accountId' | 'name' | 'kind' | 'filter'>, at: number): Promise<ContactGroup | null>;
  getGroup(accountId: string, id: string): Promise<ContactGroup | null>;
  listGroups(accountId: string): Promise<ContactGroup[]>;
  updateGroup(accountId: string, id: string, change: Pick<ContactGroup, 'name' | 'filter'>, at: number): Promise<ContactGroup | null | 'conflict'>;
  deleteGroup(accountId: string, id: string): Promise<boolean>;
  /** Adds the account's own contacts among `contactIds` to the group; resolves with how many were new members. */
  addMembers(accountId: string, groupId: string, contactIds: string[]): Promise<number>;
  removeMembers(accountId: string, groupId: string, contactIds: string[]): Promise<number>;

  /** Records a new job, leased to its process until `leaseUntil`. */
  createImport(job: ContactImport, leaseUntil: number): Promise<void>;
  /** Extends the lease of the running jobs among `ids` (their process is alive and working on them). */
  renewImports(ids: string[], leaseUntil: number): Promise<void>;
  /**
   * Fails the running jobs whose lease lapsed before `now` (their process died), dropping what they
   * staged; resolves with their ids. A job that commits meanwhile is left alone.
   */
  failLapsedImports(now: number, message: string): Promise<string[]>;
  getImport(accountId: string, id: string): Promise<ContactImport | null>;
  listImports(accountId: string, limit: number): Promise<ContactImport[]>;
  /** Progress and outcome fields of a running job. */
  updateImport(id: string, change: Partial<Pick<ContactImport, 'status' | 'phase' | 'bytes' | 'bytesRead' | 'total' | 'done' | 'errors' | 'columns' | 'message' | 'finishedAt'>>): Promise<void>;
  stageRows(jobId: string, rows: StagedContact[]): Promise<void>;
  addImportErrors(jobId: string, errors: ImportRowError[]): Promise<void>;
  /** Row errors in row order after `afterRow`, for the error download. */
  importErrors(jobId: string, afterRow: number, limit: number): Promise<ImportRowError[]>;
  /**
   * In one transaction: the staged rows become contacts (numbers the account has are skipped and
   * reported as 'exists', or updated, per mode), join the job's group, the staging rows go and the
   * job is marked done. Either all of it happens or none.
   */
  commitImport(jobId: string, at: number): Promise<ContactImport>;
  /** Drops a failed or cancelled job's staged rows and records its final status. */
  abandonImport(jobId: string, status: 'failed' | 'cancelled', message: string, at: number): Promise<void>;
}
