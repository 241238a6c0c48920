// Content check: paste a text, ask POST /v1/content/check, show each matched word, where, and from which list.
import { Alert, Button, Card, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, type Query } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { HighlightedText } from './highlighted-text.tsx';

interface Match {
  word: string;
  start: number;
  end: number;
  list: 'platform' | 'account';
}

export function ContentCheckCard({ query }: { query: Query }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  // The text the answer is about: editing the box afterwards must not shift the marks.
  const [result, setResult] = useState<{ text: string; blocked: boolean; matches: Match[] } | null>(null);

  const run = async () => {
    setBusy(true);
    try {
      const answer = await api<{ blocked: boolean; matches: Match[] }>('/v1/content/check', { method: 'POST', query, body: { text } });
      setResult({ text, ...answer });
    } catch {
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('sensitiveWords.check')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('sensitiveWords.checkPlaceholder')} data-testid="check-text" />
        <Button type="primary" onClick={run} loading={busy} disabled={text.length === 0} data-testid="check-run">
          {t('sensitiveWords.checkRun')}
        </Button>
        {result && (
          <>
            <Alert
              type={result.blocked ? 'error' : 'success'}
              showIcon
              message={<span data-testid="check-verdict">{t(result.blocked ? 'sensitiveWords.blocked' : 'sensitiveWords.clean', { count: result.matches.length })}</span>}
            />
            <HighlightedText text={result.text} ranges={result.matches} />
            {result.matches.length > 0 && (
              <Table<Match>
                size="small"
                rowKey={(m) => `${m.list}-${m.start}-${m.end}-${m.word}`}
                pagination={false}
                dataSource={result.matches}
                data-testid="check-matches"
                columns={[
                  { title: t('sensitiveWords.word'), dataIndex: 'word' },
                  { title: t('sensitiveWords.found'), key: 'found', render: (_, m) => result.text.slice(m.start, m.end) },
                  { title: t('sensitiveWords.position'), key: 'position', render: (_, m) => `${m.start}–${m.end}` },
                  {
                    title: t('sensitiveWords.list'),
                    dataIndex: 'list',
                    render: (list: Match['list']) => <Tag color={list === 'platform' ? 'red' : 'orange'}>{t(list === 'platform' ? 'sensitiveWords.fromPlatform' : 'sensitiveWords.fromAccount')}</Tag>,
                  },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
