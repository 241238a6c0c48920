// Numbers and carriers: the attribution look-up for everyone; the segment table and ported-number overrides for admins.
import { Space } from 'antd';
import { useAuth } from '../../auth/auth-provider.tsx';
import { LookupCard } from './lookup-card.tsx';
import { OverridesCard } from './overrides-card.tsx';
import { SegmentsCard } from './segments-card.tsx';

export function NumbersPage() {
  const { user } = useAuth();
  const admin = user?.role === 'admin';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <LookupCard />
      {admin && <OverridesCard />}
      {admin && <SegmentsCard />}
    </Space>
  );
}
