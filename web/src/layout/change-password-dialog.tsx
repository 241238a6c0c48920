// Change your own password (POST /v1/auth/password), opened from the header.
import type { ButtonProps } from 'antd';
import { App, Form, Input, Modal } from 'antd';
import { api, ApiError, tokenStore } from '../api/client.ts';
import { useI18n } from '../i18n/i18n-provider.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();

  const submit = async () => {
    const values = await form.validateFields();
    try {
      const answer = await api<{ token: string }>('/v1/auth/password', { method: 'POST', body: { currentPassword: values.currentPassword, newPassword: values.newPassword }, quiet: true });
      // Changing the password ends every session; this one continues with the new token.
      tokenStore.set(answer.token);
      message.success(t('password.changed'));
      form.resetFields();
      onClose();
    } catch (error) {
      const field = error instanceof ApiError && error.field === 'currentPassword' ? 'currentPassword' : 'newPassword';
      form.setFields([{ name: field, errors: [field === 'currentPassword' ? t('password.wrongCurrent') : (error as Error).message] }]);
    }
  };

  return (
    <Modal open={open} title={t('password.title')} okText={t('tenants.save')} cancelText={t('tenants.cancel')} onOk={submit} onCancel={onClose} okButtonProps={{ 'data-testid': 'password-submit' } as ButtonProps} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
          <Input.Password data-testid="password-current" autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, min: 8, message: t('users.passwordRule') }]}>
          <Input.Password data-testid="password-new" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('password.repeat')}
          dependencies={['newPassword']}
          rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) })]}
        >
          <Input.Password data-testid="password-repeat" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
