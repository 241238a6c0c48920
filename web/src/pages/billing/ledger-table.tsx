// The account's ledger, newest first, with "load more" over the API's cursor (GET /v1/ledger).
import { Button, Card, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { LedgerItem } from '../../api/types.ts';
import { formatTime } from '../../components/format.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from './money.ts';

type Page = { items: LedgerItem[]; nextCursor: string | null };
const KIND_COLORS: Record<LedgerItem['kind'], string> = { topup: 'green', adjustment: 'gold', reserve: 'blue', refund: 'purple' };

export function LedgerTable({ accountId, version }: { accountId: string; version: number }) {
  const { t } = useI18n();
  const [items, setItems] = useState<LedgerItem[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const load = (after: string | null) =>
    api<Page>('/v1/ledger', { query: { accountId, limit: 50, cursor: after ?? undefined } }).then((page) => {
      setItems((current) => (after ? [...(current ?? []), ...page.items] : page.items));
      setCursor(page.nextCursor);
    });
  useEffect(() => {
    void load(null).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accountId, version]);

  return (
    <Card title={t('billing.ledger')} extra={<Button onClick={() => void load(null).catch(() => undefined)} data-testid="ledger-refresh">{t('billing.refresh')}</Button>}>
      <Table<LedgerItem>
        rowKey="id"
        size="small"
        dataSource={items}
        loading={!items}
        pagination={false}
        data-testid="ledger-table"
        columns={[
          { title: t('billing.at'), dataIndex: 'at', render: (at: string) => formatTime(at) },
          { title: t('billing.kind'), dataIndex: 'kind', render: (k: LedgerItem['kind']) => <Tag color={KIND_COLORS[k]}>{t(`billing.kind.${k}`)}</Tag> },
          { title: t('billing.amount'), dataIndex: 'amount', render: (li: number) => formatYuan(li) },
          { title: t('billing.messages'), dataIndex: 'messages', render: (n: number) => n || '—' },
          { title: t('billing.balanceAfter'), dataIndex: 'balanceAfter', render: (li: number) => formatYuan(li) },
          { title: t('billing.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 12 }} onClick={() => void load(cursor).catch(() => undefined)}>
          {t('billing.more')}
        </Button>
      )}
    </Card>
  );
}
