// The form's "when" choice as the API's schedule: presets become cron expressions in Beijing time.
import type { Dayjs } from 'dayjs';

export type When = 'now' | 'at' | 'daily' | 'weekly' | 'monthly' | 'cron';

export interface WhenFields {
  when: When;
  at?: Dayjs | null;
  time?: Dayjs | null;
  weekday?: number;
  monthDay?: number;
  cron?: string;
}

export function scheduleBody(fields: WhenFields): Record<string, unknown> {
  const minute = fields.time?.minute() ?? 0;
  const hour = fields.time?.hour() ?? 9;
  switch (fields.when) {
    case 'now':
      return { kind: 'once' };
    case 'at':
      return { kind: 'once', at: fields.at?.toISOString() };
    case 'daily':
      return { kind: 'cron', expression: `${minute} ${hour} * * *` };
    case 'weekly':
      return { kind: 'cron', expression: `${minute} ${hour} * * ${fields.weekday ?? 1}` };
    case 'monthly':
      return { kind: 'cron', expression: `${minute} ${hour} ${fields.monthDay ?? 1} * *` };
    case 'cron':
      return { kind: 'cron', expression: fields.cron?.trim() ?? '' };
  }
}
