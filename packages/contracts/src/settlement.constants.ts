// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const PAYMENT_METHODS = ['cash', 'card', 'wechat_pay', 'alipay'] as const;
