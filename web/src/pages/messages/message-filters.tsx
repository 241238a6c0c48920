// Filter bar of the message list: state, recipient, created time range.
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import type { MessageState } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

export interface MessageFilter {
  state?: MessageState;
  to?: string;
  created?: [Dayjs | null, Dayjs | null] | null;
}

const STATES: MessageState[] = [
  'scheduled', 'accepted', 'queued', 'submitted', 'delivered', 'undelivered', 'expired', 'rejected', 'failed', 'cancelled',
];

export function MessageFilters({ onSearch }: { onSearch: (filter: MessageFilter) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<MessageFilter>();

  const reset = () => {
    form.resetFields();
    onSearch({});
  };

  return (
    <Form<MessageFilter> form={form} layout="inline" onFinish={onSearch} style={{ rowGap: 12 }} data-testid="message-filters">
      <Form.Item name="state" label={t('filter.state')}>
        <Select
          allowClear
          style={{ width: 130 }}
          options={STATES.map((value) => ({ value, label: t(`state.${value}`) }))}
          data-testid="filter-state"
        />
      </Form.Item>
      <Form.Item name="to" label={t('filter.recipient')}>
        <Input allowClear style={{ width: 170 }} data-testid="filter-recipient" />
      </Form.Item>
      <Form.Item name="created" label={t('filter.created')}>
        <DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="filter-created" />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="filter-search">
            {t('filter.search')}
          </Button>
          <Button onClick={reset}>{t('filter.reset')}</Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
