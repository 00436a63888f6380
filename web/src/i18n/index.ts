import { createI18n } from 'vue-i18n';
import ja from './ja.js';

export type Locale = 'ja' | 'en';
const STORAGE_KEY = 'jukinet.locale';

function storedLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
}

// Japanese is bundled; English is loaded when first chosen (the door kiosk never needs it).
export const i18n = createI18n({
  legacy: false,
  locale: 'ja',
  fallbackLocale: 'ja',
  messages: { ja } as Record<Locale, typeof ja>,
});

async function load(locale: Locale): Promise<void> {
  if (locale === 'en' && !i18n.global.availableLocales.includes('en'))
    i18n.global.setLocaleMessage('en', (await import('./en.js')).default as typeof ja);
}

export async function setLocale(locale: Locale): Promise<void> {
  await load(locale);
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** The language this browser chose last time (Japanese until English has loaded). */
export function restoreLocale(): Promise<void> {
  const locale = storedLocale();
  document.documentElement.lang = 'ja';
  return locale === 'ja' ? Promise.resolve() : setLocale(locale);
}
