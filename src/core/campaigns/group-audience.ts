// A campaign sent to the address book: the contacts of several groups and contacts picked one by one,
// walked together in id order so a contact in two of them is sent once per run. Each page merges the
// next contacts of every part (at most `limit` each), so memory is parts × page, never the audience;
// the cursor is the last contact id handed out. Their name and custom fields are the text's variables,
// and for date-field triggers only the contacts whose date (e.g. birthday) falls on the run's day go.
import type { Contact, ContactRepository, Store } from '../../store/types.ts';
import { groupAudience as audienceOf, type Audience as ContactAudience } from '../contacts/contact-audience.ts';
import { matchesFilter } from '../contacts/contact-filter.ts';
import type { Audience } from './audience.ts';
import type { Campaign, CampaignRun } from './campaign.ts';
import { monthDay } from './schedule.ts';

/** "1990-05-17", "1990/5/17", "05-17" or "5月17日" → "05-17"; null when it is not a date. */
export function monthDayOf(value: string | undefined): string | null {
  const match = /(?:^|\D)(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(value?.trim() ?? '');
  if (!match) return null;
  const [month, day] = [Number(match[1]), Number(match[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The next contacts of one part after a contact id, and how far they are complete. */
interface PartPage {
  contacts: Contact[];
  /** Every member of the part up to this id is in `contacts`; Infinity when the part has no more. */
  completeTo: number;
}

/** Reads one part (a static group, a dynamic group or the picked contacts) a page at a time. */
async function partPage(repo: ContactRepository, accountId: string, part: ContactAudience, after: number, limit: number): Promise<PartPage> {
  if (part.kind === 'contacts') {
    // Sorted once by the caller; the picked ids are few (MAX_SELECTED_CONTACTS).
    const ids = part.contactIds.filter((id) => Number(id) > after).slice(0, limit + 1);
    const taken = ids.slice(0, limit);
    const contacts = taken.length === 0 ? [] : await repo.getMany(accountId, taken);
    return { contacts, completeTo: ids.length > limit ? Number(taken[taken.length - 1]) : Infinity };
  }
  if (part.kind === 'all') throw new Error('a campaign is never sent to the whole address book implicitly');
  const scanned = await repo.scan(accountId, String(after), limit, part.kind === 'group' ? part.groupId : undefined);
  const contacts = part.kind === 'filter' ? scanned.filter((c) => matchesFilter(c, part.filter)) : scanned;
  return { contacts, completeTo: scanned.length < limit ? Infinity : Number(scanned[scanned.length - 1]!.id) };
}

/**
 * One page of the union of `parts` after contact `after`: every part's next page, merged by id up to
 * the least far any part is complete (beyond it a part may still hold smaller ids), each id once.
 */
export async function unionPage(repo: ContactRepository, accountId: string, parts: ContactAudience[], after: number, limit: number): Promise<{ contacts: Contact[]; next: number | null }> {
  const pages = await Promise.all(parts.map((part) => partPage(repo, accountId, part, after, limit)));
  const bound = Math.min(...pages.map((p) => p.completeTo));
  const byId = new Map<number, Contact>();
  for (const page of pages) for (const c of page.contacts) if (Number(c.id) <= bound) byId.set(Number(c.id), c);
  const ids = [...byId.keys()].sort((a, b) => a - b).slice(0, limit);
  const contacts = ids.map((id) => byId.get(id)!);
  const last = ids[ids.length - 1];
  if (ids.length === limit) return { contacts, next: last! };
  // Fewer than a page below the bound: every part is read up to it (or to its end).
  return { contacts, next: bound === Infinity ? null : bound };
}

export function groupAudience(store: Store, campaign: Campaign, run: CampaignRun): Audience {
  const { audience } = campaign;
  if (audience.kind === 'list') throw new Error(`campaign ${campaign.id} is sent to a list, not to contacts`);
  const groupIds = audience.kind === 'group' ? [audience.groupId] : audience.groupIds;
  const contactIds = audience.kind === 'group' ? [] : [...new Set(audience.contactIds)].sort((a, b) => Number(a) - Number(b));
  const { dateField } = audience;
  const today = dateField && campaign.schedule.kind === 'date-field' ? monthDay(run.dueAt, campaign.schedule.timeZone) : null;
  const repo = store.contacts;
  let resolved: ContactAudience[] | undefined;
  const parts = async () => {
    if (resolved) return resolved;
    const found: ContactAudience[] = [];
    for (const id of groupIds) {
      // A group deleted since the campaign was made reaches nobody; the other parts still go.
      const group = await repo.getGroup(campaign.accountId, id);
      if (group) found.push(audienceOf(group));
    }
    if (contactIds.length > 0) found.push({ kind: 'contacts', contactIds });
    return (resolved = found);
  };

  const page: Audience['page'] = async (cursor, limit) => {
    const all = await parts();
    if (all.length === 0) return { members: [], cursor: null };
    const { contacts, next } = await unionPage(repo, campaign.accountId, all, cursor === null ? 0 : Number(cursor), limit);
    const due = today && dateField ? contacts.filter((c) => monthDayOf(c.fields[dateField]) === today) : contacts;
    return { members: due.map((c) => ({ number: c.number, params: { ...c.fields, name: c.name } })), cursor: next === null ? null : String(next) };
  };

  return {
    // A date-field run reaches only the day's contacts: unknown until walked.
    count: async () => {
      if (today) return null;
      const all = await parts();
      if (all.length === 1 && all[0]!.kind === 'group') return repo.count(campaign.accountId, all[0]!.groupId);
      // Overlapping parts: counted by walking the union once (as a dynamic group is counted).
      let n = 0;
      for (let cursor: string | null = '0'; cursor !== null; ) {
        const next = await page(cursor, 5000);
        n += next.members.length;
        cursor = next.cursor;
      }
      return n;
    },
    page,
  };
}
