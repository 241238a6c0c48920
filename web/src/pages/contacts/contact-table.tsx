// The contacts table: search by name or number, filter by tag, add and edit (tags, custom fields), delete.
import type { ButtonProps } from 'antd';
import { Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { Contact } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { contactsApi } from './contacts-api.ts';

interface Draft {
  number: string;
  name?: string;
  tags?: string[];
  fields?: string;
}

/** Custom fields are edited as "key=value" lines. */
const fieldsText = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k}=${v}`).join('\n');
const fieldsOf = (text = '') =>
  Object.fromEntries(text.split('\n').map((l) => l.split('=')).filter(([k, ...v]) => k.trim() !== '' && v.length > 0).map(([k, ...v]) => [k.trim(), v.join('=').trim()]));

export function ContactTable({ accountId, reloadKey }: { accountId: string | undefined; reloadKey: number }) {
  const { t } = useI18n();
  const client = contactsApi(accountId);
  const [items, setItems] = useState<Contact[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [form] = Form.useForm<Draft>();

  const load = useCallback(async (more = false) => {
    const page = await client.list({ q: q || undefined, limit: 50, cursor: more ? (cursor ?? undefined) : undefined });
    setItems((old) => (more ? [...old, ...page.items] : page.items));
    setCursor(page.nextCursor);
  }, [accountId, q, cursor]);

  useEffect(() => {
    void load().catch(() => undefined);
  }, [accountId, q, reloadKey]);

  const open = (c: Contact | 'new') => {
    setEditing(c);
    form.setFieldsValue(c === 'new' ? { number: '', name: '', tags: [], fields: '' } : { number: c.number, name: c.name, tags: c.tags, fields: fieldsText(c.fields) });
  };
  const save = async () => {
    const draft = await form.validateFields();
    const body = { number: draft.number, name: draft.name ?? '', tags: draft.tags ?? [], fields: fieldsOf(draft.fields) };
    if (editing === 'new') await client.create(body);
    else if (editing) await client.update(editing.id, body);
    setEditing(null);
    await load();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Input.Search data-testid="contact-search" allowClear placeholder={t('contacts.search')} onSearch={setQ} style={{ width: 280 }} />
        <Button type="primary" data-testid="contact-add" onClick={() => open('new')}>{t('contacts.add')}</Button>
      </Space>
      <Table<Contact>
        data-testid="contact-table"
        rowKey="id"
        dataSource={items}
        pagination={false}
        columns={[
          { title: t('contacts.number'), dataIndex: 'number', render: (v: string) => <span data-testid="contact-number">{v}</span> },
          { title: t('contacts.name'), dataIndex: 'name' },
          { title: t('contacts.tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((tag) => <Tag key={tag}>{tag}</Tag>) },
          { title: t('contacts.fields'), dataIndex: 'fields', render: (f: Record<string, string>) => Object.entries(f).map(([k, v]) => `${k}: ${v}`).join('；') },
          {
            title: '', key: 'actions', render: (_, c) => (
              <Space>
                <Button size="small" onClick={() => open(c)}>{t('contacts.edit')}</Button>
                <Popconfirm title={t('contacts.deleteConfirm')} onConfirm={async () => { await client.remove(c.id); await load(); }}>
                  <Button size="small" danger>{t('contacts.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {cursor && <Button onClick={() => void load(true)}>{t('contacts.more')}</Button>}
      <Modal open={editing !== null} title={editing === 'new' ? t('contacts.add') : t('contacts.edit')} onOk={() => void save()} onCancel={() => setEditing(null)} okButtonProps={{ 'data-testid': 'contact-save' } as ButtonProps}>
        <Form form={form} layout="vertical">
          <Form.Item name="number" label={t('contacts.number')} rules={[{ required: true }]}><Input data-testid="contact-number-input" /></Form.Item>
          <Form.Item name="name" label={t('contacts.name')}><Input /></Form.Item>
          <Form.Item name="tags" label={t('contacts.tags')}><Select mode="tags" /></Form.Item>
          <Form.Item name="fields" label={t('contacts.fieldsHelp')}><Input.TextArea rows={3} placeholder="birthday=1990-05-20" /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
