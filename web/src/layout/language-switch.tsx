// Header control that switches the console between Chinese and English.
import { Segmented } from 'antd';
import { useI18n } from '../i18n/i18n-provider.tsx';
import type { Language } from '../i18n/language.ts';

const OPTIONS: { value: Language; label: string }[] = [
  { value: 'zh', label: '中文' },
  { value: 'en', label: 'English' },
];

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Segmented<Language>
      aria-label={t('header.language')}
      data-testid="language-switch"
      size="small"
      options={OPTIONS}
      value={language}
      onChange={setLanguage}
    />
  );
}
