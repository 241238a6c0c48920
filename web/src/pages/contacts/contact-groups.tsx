// Groups: static ones (members added from the address book) and dynamic ones (a filter), with counts and members.
import type { ButtonProps } from 'antd';
import { Button, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { Contact, ContactGroup, FilterCondition } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { contactsApi } from './contacts-api.ts';

const OPS = ['has', 'eq', 'ne', 'gte', 'lte', 'gt', 'lt', 'contains', 'prefix', 'month', 'day', 'exists'];

interface Draft {
  name: string;
  kind: 'static' | 'dynamic';
  match: 'all' | 'any';
  conditions: FilterCondition[];
  numbers?: string;
}

export function ContactGroups({ accountId, reloadKey, onChanged }: { accountId: string | undefined; reloadKey: number; onChanged: () => void }) {
  const { t } = useI18n();
  const client = contactsApi(accountId);
  const [groups, setGroups] = useState<ContactGroup[]>([]);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ group: ContactGroup; members: Contact[] } | null>(null);
  const [form] = Form.useForm<Draft>();
  const kind = Form.useWatch('kind', form);

  const load = async () => setGroups((await client.groups()).items);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [accountId, reloadKey]);

  const create = async () => {
    const d = await form.validateFields();
    const group = await client.createGroup(d.kind === 'dynamic' ? { name: d.name, filter: { match: d.match, conditions: d.conditions } } : { name: d.name });
    // Static members by number: each is looked up in the address book.
    const numbers = (d.numbers ?? '').split(/[\s,;]+/).filter(Boolean);
    const ids: string[] = [];
    for (const n of numbers) ids.push(...(await client.list({ q: n, limit: 1 })).items.map((c) => c.id));
    if (group.kind === 'static' && ids.length > 0) await client.addMembers(group.id, ids);
    setCreating(false);
    form.resetFields();
    await load();
    onChanged();
  };
  const show = async (group: ContactGroup) => setShown({ group, members: (await client.members(group.id)).items });

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" data-testid="group-add" onClick={() => setCreating(true)}>{t('groups.add')}</Button>
      <Table<ContactGroup>
        data-testid="group-table"
        rowKey="id"
        dataSource={groups}
        pagination={false}
        columns={[
          { title: t('groups.name'), dataIndex: 'name', render: (v: string) => <span data-testid="group-name">{v}</span> },
          { title: t('groups.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(k === 'static' ? 'groups.static' : 'groups.dynamic')}</Tag> },
          { title: t('groups.members'), dataIndex: 'members', render: (n: number | null) => <span data-testid="group-members">{n ?? '—'}</span> },
          {
            title: '', key: 'actions', render: (_, g) => (
              <Space>
                <Button size="small" onClick={() => void show(g)}>{t('groups.show')}</Button>
                <Button size="small" onClick={() => void client.download('/v1/contacts/export', { format: 'csv', group: g.id }, `${g.name}.csv`)}>{t('contacts.exportCsv')}</Button>
                <Popconfirm title={t('contacts.deleteConfirm')} onConfirm={async () => { await client.removeGroup(g.id); await load(); }}>
                  <Button size="small" danger>{t('contacts.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('groups.add')} onOk={() => void create()} onCancel={() => setCreating(false)} okButtonProps={{ 'data-testid': 'group-save' } as ButtonProps}>
        <Form form={form} layout="vertical" initialValues={{ kind: 'static', match: 'all', conditions: [{ field: 'tags', op: 'has', value: '' }] }}>
          <Form.Item name="name" label={t('groups.name')} rules={[{ required: true }]}><Input data-testid="group-name-input" /></Form.Item>
          <Form.Item name="kind" label={t('groups.kind')}>
            <Radio.Group options={[{ value: 'static', label: t('groups.static') }, { value: 'dynamic', label: t('groups.dynamic') }]} />
          </Form.Item>
          {kind === 'dynamic' ? (
            <>
              <Form.Item name="match" label={t('groups.match')}>
                <Radio.Group options={[{ value: 'all', label: t('groups.matchAll') }, { value: 'any', label: t('groups.matchAny') }]} />
              </Form.Item>
              <Form.List name="conditions">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="baseline">
                        <Form.Item name={[f.name, 'field']} rules={[{ required: true }]}><Input placeholder={t('groups.field')} style={{ width: 120 }} /></Form.Item>
                        <Form.Item name={[f.name, 'op']}><Select style={{ width: 110 }} options={OPS.map((op) => ({ value: op, label: op }))} /></Form.Item>
                        <Form.Item name={[f.name, 'value']}><Input style={{ width: 120 }} /></Form.Item>
                        <Button onClick={() => remove(f.name)}>−</Button>
                      </Space>
                    ))}
                    <Button onClick={() => add({ field: '', op: 'eq', value: '' })}>{t('groups.addCondition')}</Button>
                  </>
                )}
              </Form.List>
            </>
          ) : (
            <Form.Item name="numbers" label={t('groups.numbers')}><Input.TextArea data-testid="group-numbers" rows={3} /></Form.Item>
          )}
        </Form>
      </Modal>
      <Drawer open={shown !== null} width={520} title={shown?.group.name} onClose={() => setShown(null)}>
        <Table<Contact> rowKey="id" size="small" pagination={false} dataSource={shown?.members ?? []}
          columns={[{ title: t('contacts.number'), dataIndex: 'number' }, { title: t('contacts.name'), dataIndex: 'name' }]} />
      </Drawer>
    </Space>
  );
}
