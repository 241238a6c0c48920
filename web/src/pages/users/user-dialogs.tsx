// Dialogs of the users page: add a user (username, password, role) and set a new password.
import type { ButtonProps } from 'antd';
import { Form, Input, Modal, Select } from 'antd';
import type { UserRole } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-provider.tsx';

export const ACCOUNT_ROLES: UserRole[] = ['owner', 'operator', 'viewer'];

export interface NewUser {
  username: string;
  password: string;
  role: UserRole;
}

export function AddUserDialog({ open, roles, onSubmit, onClose }: { open: boolean; roles: UserRole[]; onSubmit: (user: NewUser) => Promise<void>; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewUser>();
  return (
    <Modal
      open={open}
      title={t('users.add')}
      okText={t('tenants.save')}
      cancelText={t('tenants.cancel')}
      okButtonProps={{ 'data-testid': 'user-add-submit' } as ButtonProps}
      onOk={() => form.validateFields().then((values) => onSubmit(values).then(() => form.resetFields()))}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ role: roles[roles.length - 1] }}>
        <Form.Item name="username" label={t('users.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.@-]{1,64}$/, message: t('users.usernameRule') }]}>
          <Input data-testid="user-add-username" autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} rules={[{ required: true, min: 8, message: t('users.passwordRule') }]}>
          <Input.Password data-testid="user-add-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select data-testid="user-add-role" options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResetPasswordDialog({ username, onSubmit, onClose }: { username: string | null; onSubmit: (password: string) => Promise<void>; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ password: string }>();
  return (
    <Modal
      open={username !== null}
      title={`${t('users.resetPassword')} · ${username ?? ''}`}
      okText={t('tenants.save')}
      cancelText={t('tenants.cancel')}
      okButtonProps={{ 'data-testid': 'user-reset-submit' } as ButtonProps}
      onOk={() => form.validateFields().then((values) => onSubmit(values.password).then(() => form.resetFields()))}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="password" label={t('users.newPassword')} rules={[{ required: true, min: 8, message: t('users.passwordRule') }]}>
          <Input.Password data-testid="user-reset-password" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
