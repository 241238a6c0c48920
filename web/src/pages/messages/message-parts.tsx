// The upstream parts (segments) of one message.
import { Table } from 'antd';
import type { MessageDetail } from '../../api/types.ts';
import { orDash } from '../../components/format.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

type Part = MessageDetail['parts'][number];

export function MessageParts({ parts }: { parts: Part[] }) {
  const { t } = useI18n();
  return (
    <Table<Part>
      rowKey="partNo"
      dataSource={parts}
      pagination={false}
      size="small"
      data-testid="message-parts"
      columns={[
        { title: t('part.no'), dataIndex: 'partNo' },
        { title: t('part.upstreamId'), dataIndex: 'upstreamId', render: orDash },
        { title: t('field.state'), dataIndex: 'state' },
        { title: t('part.rawStatus'), dataIndex: 'rawStatus', render: orDash },
        { title: t('field.error'), dataIndex: 'errorCode', render: orDash },
      ]}
    />
  );
}
