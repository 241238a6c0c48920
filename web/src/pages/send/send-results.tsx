// Per-recipient outcome of a send: accepted ids link to the message, rejections show their error.
import { Card, Table, Typography } from 'antd';
import type { SendResult } from '../../api/types.ts';
import { StateTag } from '../../components/state-tag.tsx';
import { formatEncoding, orDash } from '../../components/format.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { hrefOf } from '../../router/route.ts';

export function SendResults({ results }: { results: SendResult[] }) {
  const { t } = useI18n();
  const rejected = results.filter((result) => result.status === 'rejected').length;

  return (
    <Card
      title={t('send.results')}
      extra={t('send.summary', { accepted: results.length - rejected, rejected })}
      data-testid="send-results"
    >
      <Table<SendResult>
        rowKey={(result, index) => `${result.to}-${index}`}
        dataSource={results}
        pagination={false}
        size="small"
        columns={[
          { title: t('field.to'), key: 'to', render: (_, r) => r.normalized ?? r.to },
          { title: t('field.state'), key: 'status', render: (_, r) => <StateTag state={r.status} /> },
          {
            title: t('field.id'),
            key: 'id',
            render: (_, r) =>
              r.id ? (
                <a href={hrefOf({ page: 'message', id: r.id })} data-testid="result-link">
                  {r.id}
                </a>
              ) : (
                '—'
              ),
          },
          { title: t('field.segments'), key: 'segments', render: (_, r) => orDash(r.segments) },
          { title: t('field.encoding'), key: 'encoding', render: (_, r) => formatEncoding(r.encoding) },
          {
            title: t('field.error'),
            key: 'error',
            render: (_, r) => (r.error ? <Typography.Text type="danger">{`${r.error.message} [${r.error.code}]`}</Typography.Text> : '—'),
          },
        ]}
      />
    </Card>
  );
}
