// One sensitive-word list (the platform's or an account's) edited as a word-per-line textarea.
import { App, Button, Card, Input, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Query } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

interface WordList {
  version: number;
  words: string[];
  updatedAt: string | null;
}

/** Lines to words: blank lines are dropped here; the API trims and removes repeats itself. */
function wordsOf(text: string): string[] {
  return text.split(/\r?\n/).map((w) => w.trim()).filter((w) => w.length > 0);
}

export function WordListCard({ kind, query, editable }: { kind: 'platform' | 'account'; query: Query; editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [list, setList] = useState<WordList | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const path = `/v1/sensitive-words/${kind}`;

  const show = (next: WordList) => {
    setList(next);
    setText(next.words.join('\n'));
  };
  const load = useCallback(() => api<WordList>(path, { query }).then(show, () => undefined), [path, JSON.stringify(query)]);
  useEffect(() => void load(), [load]);

  const save = async () => {
    setBusy(true);
    try {
      show(await api<WordList>(path, { method: 'PUT', query, body: { words: wordsOf(text) } }));
      message.success(t('sensitiveWords.saved'));
    } catch {
      // ApiFeedback shows the failure, naming the refused word's index.
    } finally {
      setBusy(false);
    }
  };

  const count = wordsOf(text).length;
  return (
    <Card
      title={t(kind === 'platform' ? 'sensitiveWords.platformList' : 'sensitiveWords.accountList')}
      loading={!list}
      extra={
        list && (
          <Typography.Text type="secondary" data-testid={`words-${kind}-version`}>
            {t('sensitiveWords.version', { version: list.version, count: list.words.length })}
          </Typography.Text>
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t(kind === 'platform' ? 'sensitiveWords.platformHint' : 'sensitiveWords.accountHint')}</Typography.Text>
        <Input.TextArea
          rows={8}
          value={text}
          readOnly={!editable}
          placeholder={t('sensitiveWords.placeholder')}
          onChange={(e) => setText(e.target.value)}
          data-testid={`words-${kind}-text`}
        />
        {editable && (
          <Space>
            <Button type="primary" loading={busy} onClick={save} data-testid={`words-${kind}-save`}>
              {t('sensitiveWords.save', { count })}
            </Button>
            <Button onClick={() => list && show(list)} disabled={busy}>
              {t('sensitiveWords.revert')}
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  );
}
