// Providers that follow the language (antd locale, dayjs locale) around the signed-in shell.
import { App, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { AuthProvider } from './auth/auth-provider.tsx';
import { ConsoleShell } from './console-shell.tsx';
import { useI18n } from './i18n/i18n-provider.tsx';
import { ApiFeedback } from './layout/api-feedback.tsx';

export function ConsoleRoot() {
  const { language, t } = useI18n();

  useEffect(() => {
    dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = t('app.title');
  }, [language, t]);

  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS}>
      <App>
        <AuthProvider>
          <ApiFeedback />
          <ConsoleShell />
        </AuthProvider>
      </App>
    </ConfigProvider>
  );
}
