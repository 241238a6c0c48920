// The number-segment table (admin): the table in force with its version, and the operator's rows edited as CSV.
import { App, Button, Card, Descriptions, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { carrierKey, type Carrier } from './carriers.ts';
import { csvToRows, rowsToCsv, type SegmentRow } from './segment-rows.ts';

interface Segments {
  version: number;
  base: 'builtin' | 'empty';
  updatedAt: string | null;
  builtinDate: string;
  segments: SegmentRow[];
  effective: SegmentRow[];
}

export function SegmentsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [table, setTable] = useState<Segments | null>(null);
  const [csv, setCsv] = useState('');
  const [base, setBase] = useState<'builtin' | 'empty'>('builtin');
  const [busy, setBusy] = useState(false);

  const show = (next: Segments) => {
    setTable(next);
    setCsv(rowsToCsv(next.segments));
    setBase(next.base);
  };
  useEffect(() => void api<Segments>('/v1/carriers/segments').then(show, () => undefined), []);

  const save = async () => {
    setBusy(true);
    try {
      show(await api<Segments>('/v1/carriers/segments', { method: 'PUT', body: { base, segments: csvToRows(csv) } }));
      message.success(t('numbers.segmentsSaved'));
    } catch {
      // ApiFeedback names the bad row, e.g. segments[3].prefix.
    } finally {
      setBusy(false);
    }
  };

  const operatorPrefixes = new Set(table?.segments.map((r) => r.prefix));
  return (
    <Card title={t('numbers.segments')} loading={!table}>
      {table && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={4} data-testid="segments-info">
            <Descriptions.Item label={t('numbers.version')}>
              <span data-testid="segments-version">{table.version}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('numbers.base')}>{t(`numbers.base.${table.base}`)}</Descriptions.Item>
            <Descriptions.Item label={t('numbers.builtinDate')}>{table.builtinDate}</Descriptions.Item>
            <Descriptions.Item label={t('numbers.updatedAt')}>{table.updatedAt ? new Date(table.updatedAt).toLocaleString() : '—'}</Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{t('numbers.operatorRows')}</Typography.Text>
          <Typography.Text type="secondary">{t('numbers.csvHint')}</Typography.Text>
          <Input.TextArea rows={6} value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={'1349,cmcc\n170,cucc,virtual'} data-testid="segments-csv" style={{ fontFamily: 'monospace' }} />
          <Space>
            <Radio.Group value={base} onChange={(e) => setBase(e.target.value)} optionType="button">
              <Radio.Button value="builtin">{t('numbers.base.builtin')}</Radio.Button>
              <Radio.Button value="empty">{t('numbers.base.empty')}</Radio.Button>
            </Radio.Group>
            <Button type="primary" onClick={save} loading={busy} data-testid="segments-save">
              {t('numbers.saveSegments')}
            </Button>
          </Space>
          <Typography.Text strong>{t('numbers.effective', { count: table.effective.length })}</Typography.Text>
          <Table<SegmentRow>
            size="small"
            rowKey="prefix"
            dataSource={table.effective}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            data-testid="segments-table"
            columns={[
              {
                title: t('numbers.prefix'),
                dataIndex: 'prefix',
                sorter: (a, b) => a.prefix.localeCompare(b.prefix),
                render: (prefix: string) => (operatorPrefixes.has(prefix) ? <Space size={4}>{prefix}<Tag color="blue">{t('numbers.operatorRow')}</Tag></Space> : prefix),
              },
              { title: t('numbers.carrier'), dataIndex: 'carrier', render: (c: Carrier) => t(carrierKey(c)) },
              { title: t('numbers.kind'), dataIndex: 'kind', render: (k: 'mobile' | 'data' | 'iot') => t(`numbers.kind.${k}`) },
              { title: t('numbers.virtual'), dataIndex: 'virtual', render: (v: boolean) => (v ? <Tag>{t('numbers.virtual')}</Tag> : null) },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
