// The Billing page: balance, ledger, quote tool, statement and CDR downloads; admins pick the account,
// top it up and edit its prices.
import { Card, Col, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { BalanceCard } from './balance-card.tsx';
import { ExportsCard } from './exports-card.tsx';
import { LedgerTable } from './ledger-table.tsx';
import { PriceEditor } from './price-editor.tsx';
import { QuoteTool } from './quote-tool.tsx';
import { TopUpForm } from './top-up-form.tsx';

export function BillingPage() {
  const { user } = useAuth();
  const { t } = useI18n();
  const isAdmin = user?.role === 'admin';
  const [accounts, setAccounts] = useState<string[]>([]);
  const [accountId, setAccountId] = useState<string | null>(user?.accountId ?? null);
  // Bumped after a top-up or a price change so the balance and ledger read again.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);

  useEffect(() => {
    if (!isAdmin) return;
    void api<{ items: Array<{ id: string }> }>('/v1/accounts').then((r) => {
      setAccounts(r.items.map((a) => a.id));
      setAccountId((current) => current ?? r.items[0]?.id ?? null);
    });
  }, [isAdmin]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {isAdmin && (
        <Card size="small">
          <Space>
            {t('billing.account')}
            <Select
              style={{ minWidth: 240 }}
              value={accountId ?? undefined}
              options={accounts.map((id) => ({ value: id, label: id }))}
              onChange={(id: string) => setAccountId(id)}
              data-testid="billing-account"
            />
          </Space>
        </Card>
      )}
      {accountId && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={isAdmin ? 12 : 24}>
              <BalanceCard accountId={accountId} version={version} />
            </Col>
            {isAdmin && (
              <Col xs={24} lg={12}>
                <TopUpForm accountId={accountId} onDone={changed} />
              </Col>
            )}
          </Row>
          {isAdmin && <PriceEditor accountId={accountId} onChange={changed} />}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <QuoteTool accountId={accountId} version={version} />
            </Col>
            <Col xs={24} lg={12}>
              <ExportsCard accountId={accountId} />
            </Col>
          </Row>
          <LedgerTable accountId={accountId} version={version} />
        </>
      )}
    </Space>
  );
}
