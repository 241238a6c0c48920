// Consent records: search a number (current status and history), add a record, page through the latest.
import { Button, Card, Input, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ConsentHistory, ConsentRecord } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useAccountScope } from './account-scope.tsx';
import { ConsentForm } from './consent-form.tsx';

const STATUS_COLORS: Record<ConsentHistory['current'], string> = { granted: 'green', revoked: 'red', expired: 'gold', none: 'default' };

function useColumns() {
  const { t } = useI18n();
  const time = (v: string | null) => (v ? new Date(v).toLocaleString() : '—');
  return [
    { title: t('compliance.number'), dataIndex: 'number' },
    { title: t('consents.status'), dataIndex: 'status', render: (s: ConsentRecord['status']) => <Tag color={STATUS_COLORS[s]}>{t(`consents.status.${s}`)}</Tag> },
    { title: t('consents.source'), dataIndex: 'source', render: (s: string) => t(`source.${s}` as MessageKey) ?? s },
    { title: t('consents.evidence'), dataIndex: 'evidence', render: (e: string | null) => e ?? '—' },
    { title: t('consents.at'), dataIndex: 'at', render: time },
    { title: t('consents.expiresAt'), dataIndex: 'expiresAt', render: time },
  ];
}

export function ConsentsPage() {
  const { t } = useI18n();
  const scope = useAccountScope();
  const columns = useColumns();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<ConsentHistory | null>(null);
  const [recent, setRecent] = useState<ConsentRecord[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const key = JSON.stringify(scope.query);

  const loadRecent = useCallback(
    async (after: string | null) => {
      const page = await api<{ items: ConsentRecord[]; nextCursor: string | null }>('/v1/consents', { query: { ...scope.query, limit: 20, cursor: after ?? undefined } });
      setRecent((items) => (after ? [...items, ...page.items] : page.items));
      setCursor(page.nextCursor);
    },
    [key],
  );
  useEffect(() => {
    if (scope.ready) void loadRecent(null).catch(() => undefined);
  }, [loadRecent, scope.ready]);

  const lookUp = async (number: string) => {
    if (!number.trim()) return;
    setFound(await api<ConsentHistory>(`/v1/consents/${encodeURIComponent(number.trim())}`, { query: scope.query }));
  };
  const added = async (record: ConsentRecord) => {
    await loadRecent(null);
    setSearch(record.number);
    await lookUp(record.number);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {scope.picker}
      {scope.ready && (
        <>
          <Card title={t('consents.search')}>
            <Input.Search data-testid="consent-search" value={search} onChange={(e) => setSearch(e.target.value)} onSearch={lookUp} enterButton style={{ maxWidth: 360 }} />
            {found && (
              <div style={{ marginTop: 16 }}>
                <Space style={{ marginBottom: 8 }}>
                  <span>{`${found.number} · ${t('consents.current')}:`}</span>
                  <Tag color={STATUS_COLORS[found.current]} data-testid="consent-current">
                    {t(`consents.status.${found.current}`)}
                  </Tag>
                </Space>
                <Table<ConsentRecord> rowKey="id" size="small" pagination={false} dataSource={found.history} columns={columns} data-testid="consent-history" />
              </div>
            )}
          </Card>
          <ConsentForm query={scope.query} onAdded={added} />
          <Card title={t('consents.recent')}>
            <Table<ConsentRecord> rowKey="id" size="small" pagination={false} dataSource={recent} columns={columns} data-testid="consent-recent" />
            {cursor && (
              <Button style={{ marginTop: 12 }} onClick={() => loadRecent(cursor)}>
                {t('consents.more')}
              </Button>
            )}
          </Card>
        </>
      )}
    </Space>
  );
}
