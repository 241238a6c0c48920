// Shows API failures as antd messages and signs out when the API answers 401.
import { App } from 'antd';
import { useEffect } from 'react';
import { setApiListeners } from '../api/client.ts';
import { useAuth } from '../auth/auth-provider.tsx';
import { useI18n } from '../i18n/i18n-provider.tsx';

export function ApiFeedback() {
  const { message } = App.useApp();
  const { logout } = useAuth();
  const { t } = useI18n();

  useEffect(() => {
    setApiListeners({
      unauthorized: () => {
        message.warning({ content: t('error.sessionExpired'), key: 'session' });
        logout();
      },
      error: (error) => {
        const text = error.code === 'network' ? t('error.network') : error.message;
        const where = error.field ? ` (${error.field})` : '';
        // One key per code: a failing poll updates its message instead of stacking new ones.
        message.error({ content: `${text}${where} [${error.code}]`, key: error.code });
      },
    });
  }, [message, logout, t]);

  return null;
}
