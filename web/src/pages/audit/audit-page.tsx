// The audit log (GET /v1/audit): who did what, filtered by action, actor and time, newest first, more on demand.
import { Button, Card, DatePicker, Flex, Input, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { AuditItem } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { AccountPicker } from '../users/account-picker.tsx';

interface Filters {
  accountId?: string;
  action?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

type AuditPage = { items: AuditItem[]; nextCursor: string | null };

export function AuditPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [filters, setFilters] = useState<Filters>({});
  const [applied, setApplied] = useState<Filters>({});
  const [rows, setRows] = useState<AuditItem[]>();
  const [cursor, setCursor] = useState<string | null>(null);

  const fetchPage = useCallback(
    (after?: string) =>
      api<AuditPage>('/v1/audit', {
        query: {
          accountId: applied.accountId,
          action: applied.action?.trim() || undefined,
          actor: applied.actor?.trim() || undefined,
          from: applied.range?.[0]?.toISOString(),
          to: applied.range?.[1]?.toISOString(),
          cursor: after,
          limit: 50,
        },
      }),
    [applied],
  );
  useEffect(() => {
    setRows(undefined);
    fetchPage().then((page) => (setRows(page.items), setCursor(page.nextCursor)), () => setRows([]));
  }, [fetchPage]);
  const more = () => cursor && fetchPage(cursor).then((page) => (setRows((r) => [...(r ?? []), ...page.items]), setCursor(page.nextCursor)), () => undefined);

  return (
    <Card>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <AccountPicker value={filters.accountId} onChange={(accountId) => setFilters({ ...filters, accountId })} allowAll />
        <Input placeholder={t('audit.action')} style={{ width: 220 }} value={filters.action} onChange={(e) => setFilters({ ...filters, action: e.target.value })} data-testid="audit-action" allowClear />
        <Input placeholder={t('audit.actor')} style={{ width: 180 }} value={filters.actor} onChange={(e) => setFilters({ ...filters, actor: e.target.value })} data-testid="audit-actor" allowClear />
        <DatePicker.RangePicker showTime value={filters.range ?? null} onChange={(range) => setFilters({ ...filters, range })} />
        <Button type="primary" onClick={() => setApplied(filters)} data-testid="audit-search">
          {t('audit.search')}
        </Button>
      </Flex>
      <Table<AuditItem>
        rowKey="id"
        dataSource={rows}
        loading={!rows}
        pagination={false}
        size="small"
        data-testid="audit-table"
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (at: string) => new Date(at).toLocaleString() },
          { title: t('audit.actor'), dataIndex: 'actor' },
          ...(user?.role === 'admin' ? [{ title: t('tenants.account'), dataIndex: 'accountId', render: (id: string | null) => id ?? '—' }] : []),
          { title: t('audit.action'), dataIndex: 'action', render: (action: string) => <Tag data-testid="audit-entry-action">{action}</Tag> },
          { title: t('audit.target'), dataIndex: 'target', render: (target: string | null) => target ?? '—' },
          { title: t('audit.result'), key: 'status', render: (_, e) => (typeof e.detail?.status === 'number' ? e.detail.status : '—') },
          { title: 'IP', dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
        ]}
      />
      {cursor && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={more} data-testid="audit-more">
            {t('audit.more')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
