// Picks contacts one by one for a campaign: searches the address book by name or number as the user types.
import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';

interface ContactItem {
  id: string;
  number: string;
  name: string;
}

const label = (c: ContactItem) => (c.name ? `${c.name} ${c.number}` : c.number);

export function ContactPicker({ accountId, value, onChange }: { accountId?: string; value?: string[]; onChange?: (value: string[]) => void }) {
  const [found, setFound] = useState<ContactItem[]>([]);
  // Labels of the contacts already picked stay when a new search replaces the options.
  const picked = useRef(new Map<string, string>());
  const latest = useRef(0);

  const search = (q: string) => {
    const ask = ++latest.current;
    api<{ items: ContactItem[] }>('/v1/contacts', { query: { accountId, q: q.trim() || undefined, limit: 20 } }).then(
      (page) => ask === latest.current && setFound(page.items),
      () => ask === latest.current && setFound([]),
    );
  };
  useEffect(() => search(''), [accountId]);

  for (const c of found) picked.current.set(c.id, label(c));
  const options = new Map<string, string>();
  for (const id of value ?? []) options.set(id, picked.current.get(id) ?? id);
  for (const c of found) options.set(c.id, label(c));

  return (
    <Select
      data-testid="campaign-contacts"
      mode="multiple"
      showSearch
      filterOption={false}
      onSearch={search}
      value={value}
      onChange={onChange}
      style={{ minWidth: 240 }}
      options={[...options].map(([id, text]) => ({ value: id, label: text }))}
    />
  );
}
