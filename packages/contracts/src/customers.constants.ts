// Zod-free, so that a page reading these at runtime does not load zod and the schemas (see constants.ts).
export const CONTACT_CHANNELS = ['sms', 'phone', 'email', 'wechat'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
/** How a customer is addressed (王先生, 李女士): by the gender when known, 先生/女士 only when it is not; a company as a guest (贵宾). */
export const SALUTATIONS = ['mr', 'ms', 'mr_or_ms', 'guest'] as const;
export type Salutation = (typeof SALUTATIONS)[number];
/** The surname shown instead of the full name: the first character of a Chinese name, the last word of a Western one. */
export function surnameOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '';
  if (/^[\p{Script=Han}]/u.test(trimmed)) return [...trimmed][0]!;
  const words = trimmed.split(/\s+/);
  return words.at(-1)!;
}
/** The one rule of how a customer is addressed, for every screen and message. */
export function salutationOf(customer: { gender: string | null; kind?: string | null }): Salutation {
  if (customer.kind === 'company') return 'guest';
  return customer.gender === 'male' ? 'mr' : customer.gender === 'female' ? 'ms' : 'mr_or_ms';
}
/** The named RFM segments of customer value (客户价值分群), best first. */
export const CUSTOMER_SEGMENTS = ['champions', 'loyal', 'potential', 'new', 'at_risk', 'hibernating', 'lost'] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];
/** Visits and revenue of the last 12 months against the 12 before. */
export const VALUE_TRENDS = ['rising', 'steady', 'declining', 'new'] as const;
export type ValueTrend = (typeof VALUE_TRENDS)[number];

/** The key-customer pyramid, from the top: the first 5% by lifetime value, the next 15%, the next 30%, the rest. */
export const CUSTOMER_TIERS = ['vip', 'key', 'regular', 'general'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** Who to keep first: much value at stake and a sign of leaving (unhappy or lapsing). */
export const RETENTION_PRIORITIES = ['high', 'medium', 'low'] as const;
export type RetentionPriority = (typeof RETENTION_PRIORITIES)[number];

/** How a value list is ordered: the highest lifetime value first, or the highest retention priority first. */
export const VALUE_LIST_ORDERS = ['value', 'priority'] as const;
export type ValueListOrder = (typeof VALUE_LIST_ORDERS)[number];
