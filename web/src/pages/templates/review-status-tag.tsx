// The review state of a signature or template as a coloured tag, with the rejection reason on hover.
import { Tag, Tooltip } from 'antd';
import type { ReviewStatus } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

const COLORS: Record<ReviewStatus, string> = { pending: 'gold', approved: 'green', rejected: 'red' };

export function ReviewStatusTag({ status, reason }: { status: ReviewStatus; reason?: string | null }) {
  const { t } = useI18n();
  const tag = (
    <Tag color={COLORS[status]} data-status={status}>
      {t(`review.status.${status}`)}
    </Tag>
  );
  return reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}
