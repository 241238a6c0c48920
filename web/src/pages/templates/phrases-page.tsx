// Phrase library (常用语): short texts saved for quick insertion on the Send page; add, edit, delete.
import { Button, Card, Flex, Form, Input, Popconfirm, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Phrase } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { useAccountScope } from './use-account-scope.tsx';

interface PhraseForm {
  title?: string;
  text: string;
}

export function PhrasesPage() {
  const { t } = useI18n();
  const { accountId, ready, picker } = useAccountScope('phrases-account');
  const [form] = Form.useForm<PhraseForm>();
  const [items, setItems] = useState<Phrase[]>();
  const [editing, setEditing] = useState<string | null>(null);

  const load = useCallback(() => {
    if (!ready) return;
    api<{ items: Phrase[] }>('/v1/phrases', { query: { accountId, limit: 500 } }).then((page) => setItems(page.items), () => undefined);
  }, [accountId, ready]);
  useEffect(load, [load]);

  const save = async (values: PhraseForm) => {
    const body = { title: values.title || undefined, text: values.text };
    try {
      if (editing) await api(`/v1/phrases/${editing}`, { method: 'PATCH', body });
      else await api('/v1/phrases', { method: 'POST', query: { accountId }, body });
      form.resetFields();
      setEditing(null);
      load();
    } catch {
      // Shown by the API client.
    }
  };

  return (
    <Flex vertical gap={16}>
      {picker && <Card size="small">{picker}</Card>}
      <Card title={editing ? t('phrases.edit') : t('phrases.new')}>
        <Form<PhraseForm> form={form} layout="vertical" onFinish={save} style={{ maxWidth: 640 }}>
          <Form.Item name="title" label={t('phrases.title')}>
            <Input data-testid="phrase-title" />
          </Form.Item>
          <Form.Item name="text" label={t('phrases.text')} rules={[{ required: true, whitespace: true, message: t('send.required') }]}>
            <Input.TextArea rows={3} data-testid="phrase-text" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="phrase-submit" disabled={!ready}>
              {t('common.save')}
            </Button>
            {editing && <Button onClick={() => (setEditing(null), form.resetFields())}>{t('common.cancel')}</Button>}
          </Space>
        </Form>
      </Card>
      <Card>
        <Table<Phrase>
          rowKey="id"
          dataSource={items}
          loading={!items && ready}
          pagination={false}
          data-testid="phrases-table"
          columns={[
            { title: t('phrases.title'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
            { title: t('phrases.text'), dataIndex: 'text' },
            {
              title: '',
              key: 'actions',
              render: (_, p) => (
                <Space>
                  <a onClick={() => (setEditing(p.id), form.setFieldsValue({ title: p.title ?? undefined, text: p.text }))}>{t('common.edit')}</a>
                  <Popconfirm title={t('common.deleteConfirm')} onConfirm={() => api(`/v1/phrases/${p.id}`, { method: 'DELETE' }).then(load, () => undefined)}>
                    <a>{t('common.delete')}</a>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
