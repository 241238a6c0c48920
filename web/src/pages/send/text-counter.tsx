// Live length counter under the text box, from POST /v1/messages/preview (debounced).
import { Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Preview } from '../../api/types.ts';
import { formatEncoding } from '../../components/format.ts';
import { useDebouncedValue } from '../../hooks/use-debounced-value.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

const DEBOUNCE_MS = 250;

export function TextCounter({ text }: { text: string }) {
  const { t } = useI18n();
  const debounced = useDebouncedValue(text, DEBOUNCE_MS);
  const [preview, setPreview] = useState<Preview>();

  useEffect(() => {
    if (!debounced) {
      setPreview(undefined);
      return;
    }
    const controller = new AbortController();
    api<Preview>('/v1/messages/preview', { method: 'POST', body: { text: debounced }, signal: controller.signal, quiet: true })
      .then(setPreview)
      .catch(() => {
        if (!controller.signal.aborted) setPreview(undefined);
      });
    return () => controller.abort();
  }, [debounced]);

  const item = (label: string, value: string | number, testId: string) => (
    <Typography.Text type="secondary">
      {label}{' '}
      <Typography.Text strong data-testid={testId}>
        {value}
      </Typography.Text>
    </Typography.Text>
  );

  return (
    <Space size="large" wrap data-testid="text-counter" aria-live="polite">
      {item(t('counter.encoding'), preview ? formatEncoding(preview.encoding) : '—', 'counter-encoding')}
      {item(t('counter.segments'), preview?.segments ?? 0, 'counter-segments')}
      {item(t('counter.length'), preview?.length ?? 0, 'counter-length')}
      {item(t('counter.remaining'), preview?.remainingInSegment ?? '—', 'counter-remaining')}
    </Space>
  );
}
