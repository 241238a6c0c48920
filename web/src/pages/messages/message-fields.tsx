// The stored fields of one message as a description list.
import { Descriptions, Typography } from 'antd';
import type { MessageDetail } from '../../api/types.ts';
import { formatEncoding, formatTime, orDash } from '../../components/format.ts';
import { StateTag } from '../../components/state-tag.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';

export function MessageFields({ message }: { message: MessageDetail }) {
  const { t } = useI18n();
  const error = message.errorCode ? `${message.errorCode}${message.errorMessage ? `: ${message.errorMessage}` : ''}` : null;
  const priority = ['urgent', 'normal', 'bulk'].includes(message.priority)
    ? t(`priority.${message.priority as 'urgent' | 'normal' | 'bulk'}`)
    : message.priority;

  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      data-testid="message-fields"
      items={[
        { key: 'id', label: t('field.id'), children: <Typography.Text copyable>{message.id}</Typography.Text> },
        { key: 'state', label: t('field.state'), children: <StateTag state={message.state} /> },
        { key: 'to', label: t('field.to'), children: message.to },
        { key: 'from', label: t('field.from'), children: orDash(message.from) },
        { key: 'text', label: t('field.text'), span: 'filled', children: message.text },
        { key: 'encoding', label: t('field.encoding'), children: formatEncoding(message.encoding) },
        { key: 'segments', label: t('field.segments'), children: message.segments },
        { key: 'priority', label: t('field.priority'), children: priority },
        { key: 'account', label: t('field.account'), children: message.accountId },
        { key: 'connector', label: t('field.connector'), children: orDash(message.connectorId) },
        { key: 'error', label: t('field.error'), children: orDash(error) },
        { key: 'clientRef', label: t('field.clientRef'), children: orDash(message.clientRef) },
        { key: 'tag', label: t('field.tag'), children: orDash(message.tag) },
        { key: 'signature', label: t('field.signature'), children: <span data-testid="message-signature">{message.signature ? `【${message.signature}】` : orDash(message.signature)}</span> },
        { key: 'templateCode', label: t('field.templateCode'), children: <span data-testid="message-template">{orDash(message.templateCode)}</span> },
        { key: 'batchId', label: t('field.batchId'), children: orDash(message.batchId) },
        { key: 'createdAt', label: t('field.createdAt'), children: formatTime(message.createdAt) },
        { key: 'submittedAt', label: t('field.submittedAt'), children: formatTime(message.submittedAt) },
        { key: 'doneAt', label: t('field.doneAt'), children: formatTime(message.doneAt) },
      ]}
    />
  );
}
