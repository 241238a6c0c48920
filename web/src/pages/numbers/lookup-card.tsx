// Number attribution (号码归属): type a number, see its carrier, segment kind, and whether an override (ported) decides it.
import { Button, Card, Descriptions, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { carrierKey, type Carrier } from './carriers.ts';

export interface LookupAnswer {
  number: string;
  carrier: Carrier | null;
  virtual: boolean;
  kind: 'mobile' | 'data' | 'iot' | null;
  source: 'override' | 'segment' | null;
  /** The matching prefix of the segment table. */
  segment: string | null;
  tableVersion: number;
}

export function LookupCard() {
  const { t } = useI18n();
  const [input, setInput] = useState('');
  const [answer, setAnswer] = useState<LookupAnswer | null>(null);
  const [busy, setBusy] = useState(false);

  const lookUp = async () => {
    const number = input.trim();
    if (!number) return;
    setBusy(true);
    try {
      setAnswer(await api<LookupAnswer>(`/v1/numbers/${encodeURIComponent(number)}/carrier`));
    } catch {
      setAnswer(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('numbers.lookup')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space.Compact style={{ maxWidth: 420, width: '100%' }}>
          <Input value={input} onChange={(e) => setInput(e.target.value)} onPressEnter={lookUp} placeholder="13800138000" data-testid="lookup-number" />
          <Button type="primary" onClick={lookUp} loading={busy} data-testid="lookup-run">
            {t('numbers.lookupRun')}
          </Button>
        </Space.Compact>
        {answer && (
          <Descriptions size="small" column={1} bordered data-testid="lookup-result" style={{ maxWidth: 560 }}>
            <Descriptions.Item label={t('numbers.normalised')}>{answer.number}</Descriptions.Item>
            <Descriptions.Item label={t('numbers.carrier')}>
              <span data-testid="lookup-carrier">{t(carrierKey(answer.carrier))}</span>
              {answer.virtual && <Tag style={{ marginLeft: 8 }}>{t('numbers.virtual')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('numbers.segment')}>
              <span data-testid="lookup-segment">{answer.segment ?? '—'}</span>
              {answer.kind && ` · ${t(`numbers.kind.${answer.kind}`)}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('numbers.ported')}>
              <span data-testid="lookup-ported">{t(answer.source === 'override' ? 'numbers.portedYes' : 'numbers.portedNo')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('numbers.source')}>
              {answer.source ? t(`numbers.source.${answer.source}`) : '—'} · {t('numbers.tableVersion', { version: answer.tableVersion })}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}
