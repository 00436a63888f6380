import { createI18n } from 'vue-i18n';
import en from './en.js';
import ja from './ja.js';

export type Locale = 'ja' | 'en';
const STORAGE_KEY = 'jukinet.locale';

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'ja',
  messages: { ja, en },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
