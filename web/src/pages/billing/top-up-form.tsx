// Admin: top up or adjust the account's balance, typed in yuan and sent as li (POST /v1/accounts/{id}/ledger).
import { App, Button, Card, Form, Input, Select } from 'antd';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { yuanToLi } from './money.ts';

interface Values {
  kind: 'topup' | 'adjustment';
  amount: string;
  note?: string;
}

export function TopUpForm({ accountId, onDone }: { accountId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();

  const submit = async (values: Values) => {
    const amount = yuanToLi(values.amount)!;
    await api(`/v1/accounts/${encodeURIComponent(accountId)}/ledger`, { method: 'POST', body: { kind: values.kind, amount, note: values.note || undefined } });
    message.success(t('billing.topUpDone'));
    form.resetFields(['amount', 'note']);
    onDone();
  };

  return (
    <Card title={t('billing.topUp')}>
      <Form form={form} layout="inline" initialValues={{ kind: 'topup' }} onFinish={(v) => void submit(v).catch(() => undefined)}>
        <Form.Item name="kind">
          <Select
            style={{ width: 120 }}
            options={[
              { value: 'topup', label: t('billing.kind.topup') },
              { value: 'adjustment', label: t('billing.kind.adjustment') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="amount"
          rules={[{ validator: (_, v: string | undefined) => (v && yuanToLi(v) !== null && yuanToLi(v) !== 0 ? Promise.resolve() : Promise.reject(new Error(t('billing.amountInvalid')))) }]}
        >
          <Input placeholder={t('billing.amountYuan')} style={{ width: 140 }} data-testid="topup-amount" />
        </Form.Item>
        <Form.Item name="note">
          <Input placeholder={t('billing.note')} style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="topup-submit">
          {t('billing.submit')}
        </Button>
      </Form>
    </Card>
  );
}
