// Who a send reaches: the contacts of a static group, a dynamic group (filter) or a selection, walked in
// pages in id order with constant memory — the way a campaign streams 1,000,000 recipients.
import { AppError } from '../errors.ts';
import type { Contact, ContactGroup, ContactRepository, Page } from '../../store/types.ts';
import { matchesFilter, parseFilter, type ContactFilter } from './contact-filter.ts';

export type Audience =
  | { kind: 'group'; groupId: string }
  | { kind: 'filter'; filter: ContactFilter }
  | { kind: 'contacts'; contactIds: string[] }
  | { kind: 'all' };

export interface AudienceOptions {
  /** Contacts per yielded page (and per store read). */
  pageSize?: number;
  /** Resume after this contact id (the last id of a page already handled): '0' from the start. */
  afterId?: string;
}

const DEFAULT_PAGE = 1000;

/** The filter of a dynamic group, the static group itself otherwise. */
export function groupAudience(group: ContactGroup): Audience {
  return group.kind === 'dynamic' ? { kind: 'filter', filter: parseFilter(JSON.parse(group.filter ?? '{}')) } : { kind: 'group', groupId: group.id };
}

/** Resolves a group id into an audience, or a 404 when the account has no such group. */
export async function audienceOfGroup(repo: ContactRepository, accountId: string, groupId: string): Promise<Audience> {
  const group = await repo.getGroup(accountId, groupId);
  if (!group) throw new AppError('not_found', `no contact group ${groupId}`, 'group');
  return groupAudience(group);
}

/**
 * Pages of recipients, oldest contact first; each page is at most `pageSize` contacts and the walk holds
 * one page at a time. A dynamic group is evaluated while walking the account's contacts, so a contact
 * edited during the walk is judged as it is when its page is read.
 */
export async function* audiencePages(repo: ContactRepository, accountId: string, audience: Audience, options: AudienceOptions = {}): AsyncGenerator<Contact[]> {
  const size = Math.max(1, options.pageSize ?? DEFAULT_PAGE);
  let after = options.afterId ?? '0';
  if (audience.kind === 'contacts') {
    const ids = [...new Set(audience.contactIds)].filter((id) => Number(id) > Number(after)).sort((a, b) => Number(a) - Number(b));
    for (let i = 0; i < ids.length; i += size) {
      const page = await repo.getMany(accountId, ids.slice(i, i + size));
      if (page.length > 0) yield page;
    }
    return;
  }
  for (;;) {
    const scanned = await repo.scan(accountId, after, size, audience.kind === 'group' ? audience.groupId : undefined);
    if (scanned.length === 0) return;
    after = scanned[scanned.length - 1]!.id;
    const page = audience.kind === 'filter' ? scanned.filter((c) => matchesFilter(c, audience.filter)) : scanned;
    if (page.length > 0) yield page;
    if (scanned.length < size) return;
  }
}

/** How many contacts an audience reaches (a dynamic group is counted by walking the account). */
export async function countAudience(repo: ContactRepository, accountId: string, audience: Audience): Promise<number> {
  if (audience.kind === 'group') return repo.count(accountId, audience.groupId);
  if (audience.kind === 'all') return repo.count(accountId);
  let n = 0;
  for await (const page of audiencePages(repo, accountId, audience, { pageSize: 5000 })) n += page.length;
  return n;
}

/**
 * One page of a dynamic group's members for a list view, oldest first. At most `scanLimit` contacts
 * are examined per call, so a page may hold fewer than `limit` items yet still have a next cursor.
 */
export async function filterPage(repo: ContactRepository, accountId: string, filter: ContactFilter, cursor: string | undefined, limit: number, scanLimit = 20_000): Promise<Page<Contact>> {
  let after = cursor === undefined ? '0' : decodeAfter(cursor);
  const items: Contact[] = [];
  let scannedTotal = 0;
  for (;;) {
    if (items.length >= limit || scannedTotal >= scanLimit) break;
    const want = Math.min(1000, scanLimit - scannedTotal);
    const scanned = await repo.scan(accountId, after, want, undefined);
    scannedTotal += scanned.length;
    let i = 0;
    for (; i < scanned.length && items.length < limit; i++) {
      after = scanned[i]!.id;
      if (matchesFilter(scanned[i]!, filter)) items.push(scanned[i]!);
    }
    // The account's contacts ran out and every one of them was examined.
    if (scanned.length < want && i === scanned.length) return { items, nextCursor: null };
  }
  return { items, nextCursor: Buffer.from(`after:${after}`).toString('base64url') };
}

function decodeAfter(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^after:\d+$/.test(text)) throw new AppError('bad_request', 'invalid cursor', 'cursor');
  return text.slice('after:'.length);
}
