// "Insert phrase" on the Send page: the account's phrase library (常用语); a pick appends the phrase to the text.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Phrase } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

export function PhraseInsert({ accountId, onInsert }: { accountId?: string; onInsert: (text: string) => void }) {
  const { t } = useI18n();
  const [phrases, setPhrases] = useState<Phrase[]>([]);
  useEffect(() => {
    api<{ items: Phrase[] }>('/v1/phrases', { query: { accountId, limit: 500 }, quiet: true }).then((p) => setPhrases(p.items), () => setPhrases([]));
  }, [accountId]);
  return (
    <Select
      data-testid="send-phrase"
      placeholder={t('send.insertPhrase')}
      value={null}
      style={{ minWidth: 200 }}
      onChange={(id: string) => {
        const phrase = phrases.find((p) => p.id === id);
        if (phrase) onInsert(phrase.text);
      }}
      options={phrases.map((p) => ({ value: p.id, label: p.title ?? p.text.slice(0, 20) }))}
    />
  );
}
