// The report's controls: period (day / week / month), date range, and what to group by (accounts and connectors for admins only).
import { Button, DatePicker, Flex, Segmented, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { StatsGroupBy, StatsPeriod } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

export interface StatsQuery {
  period: StatsPeriod;
  range: [Dayjs | null, Dayjs | null] | null;
  groupBy: StatsGroupBy | null;
}

const ALL: StatsGroupBy[] = ['carrier', 'category', 'failure', 'connector', 'account'];
const ADMIN_ONLY: ReadonlySet<StatsGroupBy> = new Set(['connector', 'account']);

export function StatsControls({ value, onChange, isAdmin, onRefresh }: { value: StatsQuery; onChange: (next: StatsQuery) => void; isAdmin: boolean; onRefresh: () => void }) {
  const { t } = useI18n();
  const groups = ALL.filter((g) => isAdmin || !ADMIN_ONLY.has(g));
  return (
    <Flex wrap gap={12} align="center" data-testid="stats-controls">
      <Segmented<StatsPeriod>
        value={value.period}
        onChange={(period) => onChange({ ...value, period })}
        options={(['day', 'week', 'month'] as const).map((p) => ({ value: p, label: <span data-testid={`stats-period-${p}`}>{t(`stats.period.${p}`)}</span> }))}
      />
      <DatePicker.RangePicker value={value.range} onChange={(range) => onChange({ ...value, range })} allowEmpty={[true, true]} data-testid="stats-range" />
      <Select<StatsGroupBy | 'none'>
        style={{ width: 180 }}
        value={value.groupBy ?? 'none'}
        onChange={(g) => onChange({ ...value, groupBy: g === 'none' ? null : g })}
        options={[{ value: 'none' as const, label: t('stats.groupBy.none') }, ...groups.map((g) => ({ value: g, label: t(`stats.groupBy.${g}`) }))]}
        data-testid="stats-group-by"
      />
      <Button onClick={onRefresh} data-testid="stats-refresh">
        {t('stats.refresh')}
      </Button>
    </Flex>
  );
}
