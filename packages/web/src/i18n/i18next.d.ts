import type { Texts } from './index';

// Typed translation keys: t('customer.nmae') is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Texts };
  }
}
