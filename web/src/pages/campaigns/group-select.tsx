// Picks the account's contact groups (GET /v1/contact-groups) a campaign goes to; a contact in several is sent once.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';

interface GroupItem {
  id: string;
  name: string;
  kind: 'static' | 'dynamic';
  members: number | null;
}

export function GroupSelect({ accountId, value, onChange }: { accountId?: string; value?: string[]; onChange?: (value: string[]) => void }) {
  const [groups, setGroups] = useState<GroupItem[]>([]);
  useEffect(() => {
    api<{ items: GroupItem[] }>('/v1/contact-groups', { query: { accountId } }).then((page) => setGroups(page.items), () => setGroups([]));
  }, [accountId]);
  return (
    <Select
      data-testid="campaign-group"
      mode="multiple"
      value={value}
      onChange={onChange}
      style={{ minWidth: 240 }}
      options={groups.map((g) => ({ value: g.id, label: g.members === null ? g.name : `${g.name} (${g.members})` }))}
    />
  );
}
