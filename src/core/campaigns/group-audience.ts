// A campaign sent to a contact group: the group's contacts in id order (the cursor is the last id),
// their name and custom fields as the text's variables, and for date-field triggers only the contacts
// whose date (e.g. birthday) falls on the run's day.
import type { Store } from '../../store/types.ts';
import { audienceOfGroup, audiencePages, countAudience, type Audience as ContactAudience } from '../contacts/contact-audience.ts';
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

export function groupAudience(store: Store, campaign: Campaign, run: CampaignRun): Audience {
  if (campaign.audience.kind !== 'group') throw new Error(`campaign ${campaign.id} is not sent to a group`);
  const { groupId, dateField } = campaign.audience;
  const today = dateField && campaign.schedule.kind === 'date-field' ? monthDay(run.dueAt, campaign.schedule.timeZone) : null;
  let resolved: ContactAudience | undefined;
  const contacts = async () => (resolved ??= await audienceOfGroup(store.contacts, campaign.accountId, groupId));

  return {
    // A date-field run reaches only the day's contacts: unknown until walked.
    count: async () => (today ? null : countAudience(store.contacts, campaign.accountId, await contacts())),
    page: async (cursor, limit) => {
      const pages = audiencePages(store.contacts, campaign.accountId, await contacts(), { pageSize: limit, afterId: cursor ?? '0' });
      const next = await pages.next();
      await pages.return(undefined);
      if (next.done || next.value.length === 0) return { members: [], cursor: null };
      const page = next.value;
      const due = today && dateField ? page.filter((c) => monthDayOf(c.fields[dateField]) === today) : page;
      return {
        members: due.map((c) => ({ number: c.number, params: { ...c.fields, name: c.name } })),
        cursor: page[page.length - 1]!.id,
      };
    },
  };
}
