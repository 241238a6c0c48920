// The report as a table: one row per group with submitted, delivered, failed, delivery rate and segments, and the total.
import { Table } from 'antd';
import type { StatsFigures, StatsReport } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { formatRate, keyLabel } from './stats-labels.ts';

interface Row extends StatsFigures {
  key: string;
  label: string;
}

export function StatsTable({ report }: { report: StatsReport }) {
  const { t } = useI18n();
  const rows: Row[] = report.series.map((s) => ({ key: s.key === '' ? '(none)' : s.key, label: keyLabel(t, report.groupBy, s.key), ...s.totals }));
  const figure = (field: keyof StatsFigures, testId: string) => ({
    title: t(`stats.${field}`),
    dataIndex: field,
    align: 'right' as const,
    render: (value: number | null, row: Row) => <span data-testid={`${testId}-${row.key}`}>{field === 'deliveryRate' ? formatRate(value) : value}</span>,
  });
  return (
    <Table<Row>
      rowKey="key"
      size="middle"
      pagination={false}
      dataSource={rows}
      data-testid="stats-table"
      columns={[
        { title: report.groupBy ? t(`stats.groupBy.${report.groupBy}`) : t('stats.total'), dataIndex: 'label' },
        figure('submitted', 'stats-submitted'),
        figure('delivered', 'stats-delivered'),
        figure('failed', 'stats-failed'),
        figure('deliveryRate', 'stats-rate'),
        figure('segments', 'stats-segments'),
      ]}
      summary={() =>
        report.series.length > 1 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t('stats.total')}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right"><span data-testid="stats-total-submitted">{report.totals.submitted}</span></Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">{report.totals.delivered}</Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">{report.totals.failed}</Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">{formatRate(report.totals.deliveryRate)}</Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">{report.totals.segments}</Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}
