// Holds the current language for the whole console; useI18n() gives t() and the switch.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { initialLanguage, saveLanguage, translator, type Language, type Translate } from './language.ts';

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const value = useMemo<I18n>(
    () => ({
      language,
      t: translator(language),
      setLanguage: (next) => {
        saveLanguage(next);
        setLanguageState(next);
      },
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
