// Downloads: the monthly statement (CSV) and the CDR (话单) for a time range.
import { App, Button, Card, Input, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { downloadFile } from './download.ts';

/** This month in China time (statements follow it). */
function thisMonth(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export function ExportsCard({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [month, setMonth] = useState(thisMonth);
  const [from, setFrom] = useState(() => day(-30));
  const [to, setTo] = useState(() => day(1));
  const account = encodeURIComponent(accountId);

  const fail = () => message.error(t('billing.downloadFailed'));
  const statement = () => void downloadFile(`/v1/statements/${encodeURIComponent(month)}?format=csv&accountId=${account}`, `statement-${accountId}-${month}.csv`).catch(fail);
  const cdr = () =>
    void downloadFile(`/v1/cdr.csv?accountId=${account}&from=${encodeURIComponent(`${from}T00:00:00Z`)}&to=${encodeURIComponent(`${to}T00:00:00Z`)}`, `cdr-${accountId}-${from}-${to}.csv`).catch(fail);

  return (
    <Card title={t('billing.exports')}>
      <Space direction="vertical" size="middle">
        <Space wrap>
          {t('billing.statement')}
          <Input value={month} onChange={(e) => setMonth(e.target.value)} style={{ width: 110 }} placeholder="YYYY-MM" data-testid="statement-month" />
          <Button onClick={statement} data-testid="statement-download">
            {t('billing.download')}
          </Button>
        </Space>
        <Space wrap>
          {t('billing.cdr')}
          <Input value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 120 }} placeholder="YYYY-MM-DD" />
          <Input value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 120 }} placeholder="YYYY-MM-DD" />
          <Button onClick={cdr} data-testid="cdr-download">
            {t('billing.download')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
