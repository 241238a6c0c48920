// Sign-in form (POST /v1/auth/login); a wrong password is shown under the form.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-provider.tsx';
import { useI18n } from '../../i18n/i18n-provider.tsx';
import { LanguageSwitch } from '../../layout/language-switch.tsx';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { login } = useAuth();
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
    } catch (cause) {
      setError(cause instanceof ApiError ? cause.message : t('error.network'));
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, message: t('login.required') }];
  return (
    <Flex vertical align="center" justify="center" gap={16} style={{ minHeight: '100vh', background: '#f0f2f5' }}>
      <Card style={{ width: 360 }} data-testid="login-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={required}>
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={required}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <LanguageSwitch />
    </Flex>
  );
}
