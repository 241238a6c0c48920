// Stages a campaign's recipient list (pasted, JSON or an uploaded CSV/TXT stream) in chunks, checking
// each number and dropping repeats, so a million-row upload never sits in memory as one array.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Store } from '../../store/types.ts';
import { AppError } from '../errors.ts';
import type { AudienceMember, Campaign } from './campaign.ts';

export interface RawRecipient {
  /** 1-based line (or item) number, for error reports. */
  line: number;
  number: string;
  params: Record<string, string>;
}

export interface StagingReport {
  added: number;
  duplicates: number;
  invalid: number;
  /** The first invalid rows, with why. */
  errors: Array<{ line: number; value: string; reason: string }>;
}

const CHUNK = 2000;
/** A campaign's list stops here; bigger audiences belong in the address book (groups). */
export const MAX_LIST_RECIPIENTS = 2_000_000;
const MAX_REPORTED_ERRORS = 100;
const NUMBER_HEADERS = new Set(['number', 'mobile', 'phone', 'to', 'msisdn', '手机号', '手机号码', '号码', '电话']);

/**
 * Rows of an uploaded list. TXT: numbers separated by new lines, commas, semicolons or spaces.
 * CSV: if the first row names a number column (mobile, 手机号, …) the other named columns become the
 * text's variables; otherwise the first column is the number.
 */
export async function* readUpload(stream: Readable, format: 'csv' | 'txt'): AsyncGenerator<RawRecipient> {
  const rows = stream.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, delimiter: format === 'txt' ? [',', ';', '\t', ' '] : [',', ';', '\t'] }));
  let line = 0;
  let header: string[] | null = null;
  let numberColumn = 0;
  for await (const row of rows as AsyncIterable<string[]>) {
    line += 1;
    if (format === 'txt') {
      for (const value of row) if (value !== '') yield { line, number: value, params: {} };
      continue;
    }
    if (line === 1) {
      const found = row.findIndex((cell) => NUMBER_HEADERS.has(cell.toLowerCase()));
      if (found >= 0) {
        header = row;
        numberColumn = found;
        continue;
      }
    }
    const params: Record<string, string> = {};
    for (const [i, name] of (header ?? []).entries()) {
      if (i !== numberColumn && name !== '' && row[i] !== undefined) params[name] = row[i]!;
    }
    yield { line, number: row[numberColumn] ?? '', params };
  }
}

/** Appends checked, de-duplicated recipients to a draft campaign; all or nothing for this upload. */
export async function stageRecipients(
  store: Store,
  campaign: Campaign,
  rows: AsyncIterable<RawRecipient> | Iterable<RawRecipient>,
  normalize: (number: string) => string | null,
): Promise<StagingReport> {
  if (campaign.status !== 'draft') throw new AppError('conflict', `campaign is ${campaign.status}; recipients can only be added to a draft`, 'id');
  const report: StagingReport = { added: 0, duplicates: 0, invalid: 0, errors: [] };
  const seen = new Set<string>();
  // Numbers already staged by an earlier upload count as repeats too.
  for (let after = 0; ; ) {
    const page = await store.campaigns.recipients(campaign.id, after, 10_000);
    for (const row of page) seen.add(row.member.number);
    if (page.length < 10_000) break;
    after = page[page.length - 1]!.seq;
  }
  const firstSeq = campaign.recipientCount + 1;
  let chunk: AudienceMember[] = [];
  const flush = async () => {
    await store.campaigns.addRecipients(campaign.id, firstSeq + report.added, chunk);
    report.added += chunk.length;
    chunk = [];
  };
  try {
    for await (const row of rows) {
      const number = row.number.includes('\u0000') ? null : normalize(row.number);
      if (!number) {
        report.invalid += 1;
        if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line: row.line, value: row.number.slice(0, 40), reason: 'not a valid phone number' });
        continue;
      }
      if (seen.has(number)) {
        report.duplicates += 1;
        continue;
      }
      seen.add(number);
      if (campaign.recipientCount + report.added + chunk.length >= MAX_LIST_RECIPIENTS) {
        throw new AppError('too_many_recipients', `a campaign list holds at most ${MAX_LIST_RECIPIENTS} numbers; use a contact group for more`, 'recipients');
      }
      chunk.push({ number, params: row.params });
      if (chunk.length >= CHUNK) await flush();
    }
    if (chunk.length > 0) await flush();
  } catch (error) {
    // A malformed upload half way: nothing of it stays.
    await store.campaigns.truncateRecipients(campaign.id, firstSeq);
    if (error instanceof AppError) throw error;
    throw new AppError('validation_failed', `the recipient list could not be read: ${(error as Error).message}`, 'recipients');
  }
  await store.campaigns.update({ ...campaign, recipientCount: campaign.recipientCount + report.added, updatedAt: Date.now() });
  return report;
}
