// Templates: the account's templates with code, category, review state and body; new / edit in the editor.
import { Button, Card, Flex, Popconfirm, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Template } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { HighlightedBody } from './highlighted-body.tsx';
import { ReviewStatusTag } from './review-status-tag.tsx';
import { TemplateEditor } from './template-editor.tsx';
import { useAccountScope } from './use-account-scope.tsx';

export function TemplatesPage() {
  const { t } = useI18n();
  const { accountId, ready, picker } = useAccountScope('templates-account');
  const [items, setItems] = useState<Template[]>();
  const [editor, setEditor] = useState<{ open: boolean; editing: Template | null }>({ open: false, editing: null });

  const load = useCallback(() => {
    if (!ready) return;
    api<{ items: Template[] }>('/v1/templates', { query: { accountId, limit: 200 } }).then((page) => setItems(page.items), () => undefined);
  }, [accountId, ready]);
  useEffect(load, [load]);

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Space>
          {picker}
          <Button type="primary" data-testid="template-new" disabled={!ready} onClick={() => setEditor({ open: true, editing: null })}>
            {t('templates.new')}
          </Button>
        </Space>
      </Card>
      <Card>
        <Table<Template>
          rowKey="code"
          dataSource={items}
          loading={!items && ready}
          pagination={false}
          data-testid="templates-table"
          columns={[
            { title: t('templates.code'), dataIndex: 'code', render: (code: string) => <span data-testid="template-code">{code}</span> },
            { title: t('templates.name'), dataIndex: 'name' },
            { title: t('templates.category'), dataIndex: 'category', render: (c: Template['category']) => <Tag>{t(`category.${c}`)}</Tag> },
            { title: t('templates.body'), key: 'body', render: (_, tpl) => <HighlightedBody body={tpl.body} /> },
            { title: t('field.state'), key: 'status', render: (_, tpl) => <ReviewStatusTag status={tpl.status} reason={tpl.reason} /> },
            {
              title: '',
              key: 'actions',
              render: (_, tpl) => (
                <Space>
                  <a onClick={() => setEditor({ open: true, editing: tpl })}>{t('common.edit')}</a>
                  <Popconfirm title={t('common.deleteConfirm')} onConfirm={() => api(`/v1/templates/${tpl.code}`, { method: 'DELETE' }).then(load, () => undefined)}>
                    <a>{t('common.delete')}</a>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <TemplateEditor
        accountId={accountId}
        open={editor.open}
        editing={editor.editing}
        onClose={(saved) => {
          setEditor({ open: false, editing: null });
          if (saved) load();
        }}
      />
    </Flex>
  );
}
