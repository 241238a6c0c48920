// The text exactly as the phone will show it, with its encoding, segments and billable length.
import { Card, Space, Typography } from 'antd';
import type { TemplatePreview } from '../../api/types.ts';
import { formatEncoding } from '../../components/format.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

export function PhonePreview({ preview, testId = 'phone-preview' }: { preview: TemplatePreview | undefined; testId?: string }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('templates.phone')} style={{ maxWidth: 360 }}>
      <div
        data-testid={`${testId}-text`}
        style={{ background: '#f0f0f0', borderRadius: 12, padding: '8px 12px', whiteSpace: 'pre-wrap', wordBreak: 'break-all', minHeight: 40 }}
      >
        {preview?.text ?? ''}
      </div>
      <Space size="middle" wrap style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">
          {t('counter.encoding')} <b>{preview ? formatEncoding(preview.encoding) : '—'}</b>
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('counter.length')} <b data-testid={`${testId}-length`}>{preview?.billableLength ?? 0}</b>
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('templates.billed')} <b data-testid={`${testId}-segments`}>{preview?.billableSegments ?? 0}</b>
        </Typography.Text>
      </Space>
      {preview && preview.missing.length > 0 && (
        <Typography.Paragraph type="warning" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('templates.missing', { names: preview.missing.join(', ') })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
