// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
/** `points`: the owners' club points, within the club's limits (issue 17). */
export const PAYMENT_METHODS = ['cash', 'card', 'wechat_pay', 'alipay', 'points'] as const;
