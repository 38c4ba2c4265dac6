import type { Locale as AntdLocale } from 'antd/es/locale';
import antdZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'servicebay.language';

let antdEnglish: AntdLocale | undefined;

/**
 * The Chinese texts ship with the app; the English ones (and antd's English locale) load the first
 * time English is asked for. i18next waits for them before it switches, so no key or half-translated
 * screen is ever shown.
 */
const lazyTexts: BackendModule = {
  type: 'backend',
  init() {},
  read(language, _namespace, callback) {
    if (language !== 'en') return callback(null, language === DEFAULT_LANGUAGE ? zhCN : {});
    Promise.all([import('./en.json'), import('antd/locale/en_US')]).then(
      ([texts, antd]) => {
        // The compiler rejects an English file that misses a key of the Chinese one.
        const english: typeof zhCN = texts.default;
        antdEnglish = antd.default;
        callback(null, english);
      },
      (error: unknown) => callback(error instanceof Error ? error.message : String(error), null),
    );
  },
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

function applyLanguage(language: Language) {
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

i18n.on('languageChanged', (language) => applyLanguage(isLanguage(language) ? language : DEFAULT_LANGUAGE));

/** Switch the UI language and remember the choice on this device. */
export async function setLanguage(language: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts until the page is reloaded
  }
  await i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

/** antd's own texts (pagination, date picker, empty states) in the current language. */
export function antdLocale(language: Language): AntdLocale {
  return language === 'en' && antdEnglish ? antdEnglish : antdZhCN;
}

/** Resolves once the texts of the starting language are there (at once for Chinese). */
export const i18nReady = i18n
  .use(lazyTexts)
  .use(initReactI18next)
  .init({
    resources: { 'zh-CN': { translation: zhCN } },
    partialBundledLanguages: true,
    lng: storedLanguage() ?? DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });

export default i18n;
