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

/**
 * Messages of the signed-in app's own chunks (navigation, to-dos, compliance): each chunk brings its
 * Japanese and loads its English on demand, so none of it is in the first load, which the door
 * kiosk shares (budget 100 kB gzipped JS). Each part has its own top-level keys (or adds keys to one).
 */
type EnglishLoader = () => Promise<{ default: object }>;
const parts = new Map<object, EnglishLoader>();

async function mergeEnglish(en: EnglishLoader): Promise<void> {
  i18n.global.mergeLocaleMessage('en', (await en()).default as never);
}

/** Adds a chunk's messages, once (synchronously for Japanese: call it before the first render). */
export async function addMessages(ja: object, en: EnglishLoader): Promise<void> {
  if (parts.has(ja)) return;
  parts.set(ja, en);
  i18n.global.mergeLocaleMessage('ja', ja as never);
  if (i18n.global.availableLocales.includes('en')) await mergeEnglish(en);
}

async function load(locale: Locale): Promise<void> {
  if (locale === 'en' && !i18n.global.availableLocales.includes('en')) {
    const en = (await import('./en.js')).default as typeof ja;
    i18n.global.setLocaleMessage('en', en);
    await Promise.all([...parts.values()].map(mergeEnglish));
  }
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
