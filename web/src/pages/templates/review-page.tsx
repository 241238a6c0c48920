// The operator's review queue: pending signatures and templates of every account; approve, or reject with a reason.
import { Button, Card, Flex, Input, Modal, Space, Table, Tag } from 'antd';
import type { ButtonProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Signature, Template } from '../../api/types.ts';
import { formatTime } from '../../components/format.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { HighlightedBody } from './highlighted-body.tsx';

type Target = { kind: 'signatures' | 'templates'; id: string };

export function ReviewPage() {
  const { t } = useI18n();
  const [signatures, setSignatures] = useState<Signature[]>();
  const [templates, setTemplates] = useState<Template[]>();
  const [rejecting, setRejecting] = useState<Target | null>(null);
  const [reason, setReason] = useState('');

  const load = useCallback(() => {
    api<{ items: Signature[] }>('/v1/signatures', { query: { status: 'pending', limit: 500 } }).then((p) => setSignatures(p.items), () => undefined);
    api<{ items: Template[] }>('/v1/templates', { query: { status: 'pending', limit: 500 } }).then((p) => setTemplates(p.items), () => undefined);
  }, []);
  useEffect(load, [load]);

  const decide = async (target: Target, decision: 'approve' | 'reject', why?: string) => {
    await api(`/v1/${target.kind}/${target.id}/review`, { method: 'POST', body: { decision, reason: why } }).catch(() => undefined);
    load();
  };
  const actions = (target: Target) => (
    <Space>
      <Button size="small" type="primary" data-testid={`approve-${target.id}`} onClick={() => decide(target, 'approve')}>
        {t('review.approve')}
      </Button>
      <Button size="small" danger data-testid={`reject-${target.id}`} onClick={() => (setRejecting(target), setReason(''))}>
        {t('review.reject')}
      </Button>
    </Space>
  );

  return (
    <Flex vertical gap={16}>
      <Card title={t('review.signatures')}>
        <Table<Signature>
          rowKey="id"
          dataSource={signatures}
          loading={!signatures}
          pagination={false}
          data-testid="review-signatures"
          columns={[
            { title: t('review.account'), dataIndex: 'accountId' },
            { title: t('signatures.name'), dataIndex: 'display' },
            { title: t('templates.remark'), dataIndex: 'remark', render: (v: string | null) => v ?? '—' },
            { title: t('templates.created'), dataIndex: 'createdAt', render: formatTime },
            { title: '', key: 'actions', render: (_, s) => actions({ kind: 'signatures', id: s.id }) },
          ]}
        />
      </Card>
      <Card title={t('review.templates')}>
        <Table<Template>
          rowKey="code"
          dataSource={templates}
          loading={!templates}
          pagination={false}
          data-testid="review-templates"
          columns={[
            { title: t('review.account'), dataIndex: 'accountId' },
            { title: t('templates.code'), dataIndex: 'code' },
            { title: t('templates.name'), dataIndex: 'name' },
            { title: t('templates.category'), dataIndex: 'category', render: (c: Template['category']) => <Tag>{t(`category.${c}`)}</Tag> },
            { title: t('templates.body'), key: 'body', render: (_, tpl) => <HighlightedBody body={tpl.body} /> },
            { title: '', key: 'actions', render: (_, tpl) => actions({ kind: 'templates', id: tpl.code }) },
          ]}
        />
      </Card>
      <Modal
        open={rejecting !== null}
        title={t('review.rejectTitle')}
        okButtonProps={{ disabled: reason.trim() === '', 'data-testid': 'reject-confirm' } as ButtonProps}
        onOk={() => {
          if (rejecting) void decide(rejecting, 'reject', reason.trim());
          setRejecting(null);
        }}
        onCancel={() => setRejecting(null)}
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('review.reason')} data-testid="reject-reason" />
      </Modal>
    </Flex>
  );
}
