// A campaign or run status as a colored, translated tag.
import { Tag } from 'antd';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import type { CampaignStatus, RunStatus } from './campaign-types.ts';

const COLORS: Record<CampaignStatus | RunStatus, string> = {
  draft: 'default',
  pending: 'cyan',
  active: 'blue',
  running: 'blue',
  paused: 'gold',
  completed: 'green',
  cancelled: 'default',
  failed: 'red',
};

export function CampaignStatusTag({ status }: { status: CampaignStatus | RunStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-status={status}>
      {t(`campaignStatus.${status}`)}
    </Tag>
  );
}
