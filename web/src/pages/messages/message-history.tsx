// A message's state history as a timeline, oldest first.
import { Space, Timeline, Typography } from 'antd';
import type { MessageDetail } from '../../api/types.ts';
import { formatTime } from '../../components/format.ts';
import { StateTag } from '../../components/state-tag.tsx';

const FINAL_COLORS: Record<string, string> = { delivered: 'green', cancelled: 'gray' };
const FAILED = new Set(['undelivered', 'expired', 'rejected', 'failed']);

export function MessageHistory({ history }: { history: MessageDetail['history'] }) {
  return (
    <Timeline
      data-testid="message-history"
      items={history.map((entry) => ({
        color: FAILED.has(entry.state) ? 'red' : (FINAL_COLORS[entry.state] ?? 'blue'),
        content: (
          <Space orientation="vertical" size={2} data-testid="history-entry">
            <Space size={8}>
              <StateTag state={entry.state} />
              <Typography.Text type="secondary">{formatTime(entry.at)}</Typography.Text>
            </Space>
            {entry.detail && <Typography.Text>{entry.detail}</Typography.Text>}
          </Space>
        ),
      }))}
    />
  );
}
