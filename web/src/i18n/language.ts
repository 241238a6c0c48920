// Which language the console speaks: the saved choice, else the browser's (zh-* → Chinese), and lookup.
import { en, type Dictionary, type MessageKey } from './en.ts';
import { zh } from './zh.ts';

export type Language = 'zh' | 'en';
export type TranslateParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

const STORAGE_KEY = 'kuaixin.language';
const DICTIONARIES: Record<Language, Dictionary> = { zh, en };

export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function saveLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
}

/** A translate function for one language; `{name}` placeholders are filled from params. */
export function translator(language: Language): Translate {
  const dictionary = DICTIONARIES[language];
  return (key, params) => {
    const text = dictionary[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
