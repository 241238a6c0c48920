// A message state as a colored, translated tag.
import { Tag } from 'antd';
import type { MessageState } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-provider.tsx';

const COLORS: Record<MessageState, string> = {
  scheduled: 'cyan',
  accepted: 'blue',
  queued: 'orange',
  submitted: 'purple',
  delivered: 'green',
  undelivered: 'volcano',
  expired: 'gold',
  rejected: 'red',
  failed: 'red',
  cancelled: 'default',
};

export function StateTag({ state }: { state: MessageState }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[state] ?? 'default'} data-state={state}>
      {state in COLORS ? t(`state.${state}`) : state}
    </Tag>
  );
}
