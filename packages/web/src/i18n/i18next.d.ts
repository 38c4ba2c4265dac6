import type zhCN from './zh-CN.json';

// Typed translation keys: t('customer.nmae') is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
