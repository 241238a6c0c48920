// The account's balance, its low-balance flag and capture policy (GET /v1/balance, polled).
import { Card, Space, Statistic, Tag } from 'antd';
import { api } from '../../api/client.ts';
import type { BillingBalance } from '../../api/types.ts';
import { usePolling } from '../../hooks/use-polling.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from './money.ts';

export function BalanceCard({ accountId, version }: { accountId: string; version: number }) {
  const { t } = useI18n();
  // version: read again at once after a top-up.
  const balance = usePolling((signal) => api<BillingBalance>('/v1/balance', { query: { accountId }, signal }), 3_000, [accountId, version]);
  return (
    <Card title={t('billing.balance')} loading={!balance}>
      {balance && (
        <Space direction="vertical">
          <Statistic value={formatYuan(balance.balance)} valueRender={(node) => <span data-testid="billing-balance">{node}</span>} />
          <Space wrap>
            {balance.lowBalance && (
              <Tag color="red" data-testid="billing-low-balance">
                {t('billing.lowBalance')}
              </Tag>
            )}
            <Tag>{balance.billed ? t('billing.billed') : t('billing.unbilled')}</Tag>
            <Tag>{t(balance.policy === 'submit' ? 'billing.policy.submit' : 'billing.policy.delivery')}</Tag>
            {balance.lowBalanceThreshold > 0 && <Tag>{t('billing.threshold', { amount: formatYuan(balance.lowBalanceThreshold) })}</Tag>}
          </Space>
        </Space>
      )}
    </Card>
  );
}
