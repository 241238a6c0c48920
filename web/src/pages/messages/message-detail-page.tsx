// One message (GET /v1/messages/:id): fields, parts, state history, and cancel while not yet sent.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Flex, Popconfirm, Result, Row, Skeleton } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { MessageDetail, MessageState } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { hrefOf } from '../../router/route.ts';
import { MessageFields } from './message-fields.tsx';
import { MessageHistory } from './message-history.tsx';
import { MessageParts } from './message-parts.tsx';

const CANCELLABLE: ReadonlySet<MessageState> = new Set(['scheduled', 'accepted', 'queued']);

export function MessageDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { message: toast } = App.useApp();
  const [message, setMessage] = useState<MessageDetail>();
  const [failure, setFailure] = useState<ApiError>();

  const load = useCallback(async () => {
    try {
      setMessage(await api<MessageDetail>(`/v1/messages/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error instanceof ApiError) setFailure(error);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const cancel = async () => {
    try {
      await api(`/v1/messages/${encodeURIComponent(id)}`, { method: 'DELETE' });
      toast.success(t('detail.cancelled'));
    } catch {
      // Reported by the API client (409 once the message has been submitted).
    }
    await load();
  };

  const back = (
    <Button href={hrefOf({ page: 'messages' })} icon={<ArrowLeftOutlined />}>
      {t('detail.back')}
    </Button>
  );
  if (failure) return <Result status={failure.status === 404 ? '404' : 'error'} title={failure.message} extra={back} />;
  if (!message) return <Skeleton active />;

  return (
    <Flex vertical gap={16} data-testid="message-detail">
      <Flex justify="space-between">
        {back}
        {CANCELLABLE.has(message.state) && (
          <Popconfirm title={t('detail.cancelConfirm')} onConfirm={cancel}>
            <Button danger data-testid="cancel-message">
              {t('detail.cancel')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
      <Card title={t('detail.title', { id: message.id })}>
        <MessageFields message={message} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('detail.parts')}>
            <MessageParts parts={message.parts} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('detail.history')}>
            <MessageHistory history={message.history} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
