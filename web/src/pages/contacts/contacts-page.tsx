// The address book: contacts, groups and import as tabs, export buttons, and (for admins) the account acted for.
import { Button, Card, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { AccountSelect } from '../send/account-select.tsx';
import { ContactGroups } from './contact-groups.tsx';
import { ContactImport } from './contact-import.tsx';
import { ContactTable } from './contact-table.tsx';
import { contactsApi } from './contacts-api.ts';

export function ContactsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const admin = user?.role === 'admin';
  const [accountId, setAccountId] = useState<string | undefined>();
  // Bumped after an import or a group change so the other tabs reload.
  const [reloadKey, setReloadKey] = useState(0);
  const reload = () => setReloadKey((k) => k + 1);
  const client = contactsApi(accountId);
  if (admin && !accountId) return <Card><AccountSelect value={accountId} onChange={setAccountId} /></Card>;

  return (
    <Card>
      <Space style={{ marginBottom: 16 }}>
        {admin && <AccountSelect value={accountId} onChange={setAccountId} />}
        <Button data-testid="export-csv" onClick={() => void client.download('/v1/contacts/export', { format: 'csv' }, 'contacts.csv')}>{t('contacts.exportCsv')}</Button>
        <Button data-testid="export-xlsx" onClick={() => void client.download('/v1/contacts/export', { format: 'xlsx' }, 'contacts.xlsx')}>{t('contacts.exportXlsx')}</Button>
      </Space>
      <Tabs
        destroyOnHidden={false}
        items={[
          { key: 'contacts', label: <span data-testid="tab-contacts">{t('contacts.tab')}</span>, children: <ContactTable accountId={accountId} reloadKey={reloadKey} /> },
          { key: 'groups', label: <span data-testid="tab-groups">{t('groups.tab')}</span>, children: <ContactGroups accountId={accountId} reloadKey={reloadKey} onChanged={reload} /> },
          { key: 'import', label: <span data-testid="tab-import">{t('import.tab')}</span>, children: <ContactImport accountId={accountId} onImported={reload} /> },
        ]}
      />
    </Card>
  );
}
