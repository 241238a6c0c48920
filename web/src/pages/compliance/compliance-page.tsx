// Compliance settings: frequency limits, whitelist, marketing sending hours and the consent switch.
import { Space } from 'antd';
import { FrequencyRulesCard } from './frequency-rules-card.tsx';
import { SendingHoursCard } from './sending-hours-card.tsx';
import { useAccountScope } from './account-scope.tsx';
import { WhitelistCard } from './whitelist-card.tsx';

export function CompliancePage() {
  const scope = useAccountScope();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {scope.picker}
      {scope.ready && (
        <>
          <FrequencyRulesCard key={`rules-${scope.accountId}`} query={scope.query} />
          <WhitelistCard key={`whitelist-${scope.accountId}`} query={scope.query} />
          <SendingHoursCard key={`hours-${scope.accountId}`} query={scope.query} />
        </>
      )}
    </Space>
  );
}
