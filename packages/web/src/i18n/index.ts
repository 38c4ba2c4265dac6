import type { Locale as AntdLocale } from 'antd/es/locale';
import antdZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type zhActivities from './zh-CN.activities.json';
import type zhClub from './zh-CN.club.json';
import type zhCustomerValue from './zh-CN.customerValue.json';
import zhCN from './zh-CN.json';
import type zhLoaners from './zh-CN.loaners.json';
import type zhPickup from './zh-CN.pickup.json';
import type zhProcessChecks from './zh-CN.processChecks.json';
import type zhRescue from './zh-CN.rescue.json';
import type zhScorecards from './zh-CN.scorecards.json';
import type zhValueAdded from './zh-CN.valueAdded.json';
import type zhWarranty from './zh-CN.warranty.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'servicebay.language';

let antdEnglish: AntdLocale | undefined;

/** The texts of the app as a whole: the core that ships with it and every module's. */
export type Texts = typeof zhCN &
  typeof zhWarranty &
  typeof zhCustomerValue &
  typeof zhProcessChecks &
  typeof zhScorecards &
  typeof zhPickup &
  typeof zhLoaners &
  typeof zhRescue &
  typeof zhClub &
  typeof zhValueAdded &
  typeof zhActivities;

/**
 * A module's texts load with the first page that shows them, in the language in use: the login and the
 * advisor's first screen do not carry the texts of pages they never show. Each file holds one top-level
 * key, merged into the one namespace, so `t('warranty.…')` reads the same as any other key.
 */
const MODULE_TEXTS = {
  warranty: { 'zh-CN': () => import('./zh-CN.warranty.json'), en: () => import('./en.warranty.json') },
  customerValue: { 'zh-CN': () => import('./zh-CN.customerValue.json'), en: () => import('./en.customerValue.json') },
  processChecks: { 'zh-CN': () => import('./zh-CN.processChecks.json'), en: () => import('./en.processChecks.json') },
  scorecards: { 'zh-CN': () => import('./zh-CN.scorecards.json'), en: () => import('./en.scorecards.json') },
  pickup: { 'zh-CN': () => import('./zh-CN.pickup.json'), en: () => import('./en.pickup.json') },
  loaners: { 'zh-CN': () => import('./zh-CN.loaners.json'), en: () => import('./en.loaners.json') },
  rescue: { 'zh-CN': () => import('./zh-CN.rescue.json'), en: () => import('./en.rescue.json') },
  club: { 'zh-CN': () => import('./zh-CN.club.json'), en: () => import('./en.club.json') },
  valueAdded: { 'zh-CN': () => import('./zh-CN.valueAdded.json'), en: () => import('./en.valueAdded.json') },
  activities: { 'zh-CN': () => import('./zh-CN.activities.json'), en: () => import('./en.activities.json') },
} satisfies Record<string, Record<Language, () => Promise<{ default: Partial<Texts> }>>>;
export type TextModule = keyof typeof MODULE_TEXTS;
const loadedModules = new Set<TextModule>();

async function addModuleTexts(language: Language, modules: readonly TextModule[]) {
  const files = await Promise.all(modules.map((m) => MODULE_TEXTS[m][language]()));
  for (const file of files) i18n.addResourceBundle(language, 'translation', file.default, true, true);
}

/** Loads the texts of these modules (once) before a page that shows them renders. */
export async function loadTexts(...modules: TextModule[]) {
  const missing = modules.filter((m) => !loadedModules.has(m));
  if (missing.length === 0) return;
  await i18nReady;
  await addModuleTexts(currentLanguage(), missing);
  for (const m of missing) loadedModules.add(m);
}

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
        const english: Omit<Texts, TextModule> = texts.default;
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
  // The new language's texts of the modules already shown arrive before the switch, as its core does.
  await i18n.loadLanguages(language);
  await addModuleTexts(language, [...loadedModules]);
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
