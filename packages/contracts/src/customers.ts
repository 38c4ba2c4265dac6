import { z } from 'zod';
import { isValidMobile, normalizeMobile } from './chinese-data.js';
import { idSchema, isoDateSchema, pageSchema } from './common.js';

export const mobileSchema = z.string().transform(normalizeMobile).refine(isValidMobile, { message: 'invalid_mobile' });

export const CONTACT_CHANNELS = ['sms', 'phone', 'email', 'wechat'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const consentSchema = z.object({
  sms: z.boolean(),
  phone: z.boolean(),
  email: z.boolean(),
  wechat: z.boolean(),
});
export type Consent = z.infer<typeof consentSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

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

// The fields without defaults: a patch must never fill in what the client did not send.
const customerFields = {
  name: z.string().trim().min(1).max(60),
  mobile: mobileSchema,
  kind: z.enum(['individual', 'company']),
  gender: z.enum(['male', 'female', 'unknown']),
  birthday: isoDateSchema.nullable().optional(),
  email: z
    .union([z.email(), z.literal('')])
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  city: optionalText(40),
  address: optionalText(200),
  notes: optionalText(2000),
  consent: consentSchema,
};

export const customerInputSchema = z.object({
  ...customerFields,
  kind: customerFields.kind.default('individual'),
  gender: customerFields.gender.default('unknown'),
  consent: consentSchema.default({ sms: true, phone: true, email: false, wechat: false }),
});
export type CustomerInput = z.input<typeof customerInputSchema>;

export const customerPatchSchema = z
  .object(customerFields)
  .partial()
  .extend({
    /** The version the editor started from; a stale one gets 409. */
    version: z.number().int().min(1),
  });

export const customerSchema = z.object({
  id: idSchema,
  name: z.string(),
  mobile: z.string(),
  kind: z.enum(['individual', 'company']),
  gender: z.enum(['male', 'female', 'unknown']),
  birthday: z.string().nullable(),
  email: z.string().nullable(),
  city: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  consent: consentSchema,
  consentUpdatedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof customerSchema>;
/** A page of the dealer's customers, newest first. */
export const customerPageSchema = pageSchema(customerSchema);
export type CustomerPage = z.infer<typeof customerPageSchema>;

export const customerListQuerySchema = z.object({
  q: z.string().trim().max(60).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const customerSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  mobile: z.string(),
  city: z.string().nullable(),
  vehicles: z.array(z.object({ id: idSchema, plate: z.string(), vin: z.string(), modelName: z.string().nullable() })),
  matchedBy: z.array(z.enum(['name', 'mobile', 'mobile_last4', 'plate', 'vin', 'vin_last6'])),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;
/** What the search box found, each with the reasons it matched. */
export const customerSearchResultSchema = z.object({ items: z.array(customerSummarySchema) });
export type CustomerSearchResult = z.infer<typeof customerSearchResultSchema>;
