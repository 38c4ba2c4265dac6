import { z } from 'zod';
import { isValidMobile, normalizeMobile } from './chinese-data.js';
import { idSchema, isoDateSchema, pageSchema } from './common.js';

export * from './customers.constants.js';

export const mobileSchema = z.string().transform(normalizeMobile).refine(isValidMobile, { message: 'invalid_mobile' });

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
  vehicles: z.array(
    z.object({
      id: idSchema,
      plate: z.string(),
      vin: z.string(),
      modelName: z.string().nullable(),
      /** Recalls and service campaigns open on the car today and not yet done. */
      openCampaigns: z.number().int(),
    }),
  ),
  matchedBy: z.array(z.enum(['name', 'mobile', 'mobile_last4', 'plate', 'vin', 'vin_last6'])),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;
/** What the search box found, each with the reasons it matched. */
export const customerSearchResultSchema = z.object({ items: z.array(customerSummarySchema) });
export type CustomerSearchResult = z.infer<typeof customerSearchResultSchema>;
