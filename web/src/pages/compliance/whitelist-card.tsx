// The account's frequency whitelist: numbers that bypass per-recipient limits.
import { Button, Card, Input, List, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Query } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

export function WhitelistCard({ query }: { query: Query }) {
  const { t } = useI18n();
  const [numbers, setNumbers] = useState<string[] | null>(null);
  const [input, setInput] = useState('');
  const load = useCallback(() => api<{ numbers: string[] }>('/v1/compliance/whitelist', { query }).then((r) => setNumbers(r.numbers), () => undefined), [JSON.stringify(query)]);
  useEffect(() => void load(), [load]);

  const add = async () => {
    if (!input.trim()) return;
    await api('/v1/compliance/whitelist', { method: 'POST', query, body: { number: input.trim() } });
    setInput('');
    await load();
  };
  const remove = async (number: string) => {
    await api('/v1/compliance/whitelist', { method: 'DELETE', query: { ...query, number } });
    await load();
  };

  return (
    <Card title={t('compliance.whitelist')}>
      <Space.Compact style={{ marginBottom: 12, maxWidth: 420, width: '100%' }}>
        <Input data-testid="whitelist-input" placeholder={t('compliance.number')} value={input} onChange={(e) => setInput(e.target.value)} onPressEnter={add} />
        <Button type="primary" data-testid="whitelist-add" onClick={add}>
          {t('compliance.add')}
        </Button>
      </Space.Compact>
      <List
        size="small"
        loading={!numbers}
        dataSource={numbers ?? []}
        data-testid="whitelist"
        renderItem={(number) => (
          <List.Item actions={[<Button key="remove" size="small" danger onClick={() => remove(number)}>{t('compliance.remove')}</Button>]}>{number}</List.Item>
        )}
      />
    </Card>
  );
}
