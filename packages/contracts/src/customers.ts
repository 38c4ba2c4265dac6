import { z } from 'zod';
import { isValidMobile, normalizeMobile } from './chinese-data.js';
import { idSchema, isoDateSchema, pageSchema } from './common.js';
import {
  CUSTOMER_SEGMENTS,
  CUSTOMER_TIERS,
  type CustomerSegment,
  type CustomerTier,
  RETENTION_PRIORITIES,
  VALUE_LIST_ORDERS,
  VALUE_TRENDS,
} from './customers.constants.js';

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

// ---------------------------------------------------------------------------------------------
// Customer value (客户价值, domain.md §9), as the nightly care run computed it

const segmentSchema = z.enum(CUSTOMER_SEGMENTS);

/** What the lifetime value was computed from, shown beside it. */
export const valueInputsSchema = z.object({
  windowMonths: z.number().int(),
  marginShare: z.number(),
  discountRate: z.number(),
  horizonYears: z.number().int(),
  /** The dealer's retention: last-but-one year's customers who came back within the last year. */
  retention: z.number(),
});

/** One customer's value at one dealer. */
export const customerValueSchema = z.object({
  dealer: z.object({ id: idSchema, name: z.string() }),
  computedOn: z.iso.date(),
  firstVisitOn: z.iso.date(),
  lastVisitOn: z.iso.date(),
  recencyDays: z.number().int(),
  /** Visits and revenue (fen) within the window. */
  visits: z.number().int(),
  revenueFen: z.number().int(),
  vehicles: z.number().int(),
  scores: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int() }),
  segment: segmentSchema,
  visitsPerYear: z.number(),
  revenuePerVehicleFen: z.number().int(),
  lifetimeValueFen: z.number().int(),
  /** The last 12 months and the 12 before. */
  recent: z.object({ visits: z.number().int(), revenueFen: z.number().int() }),
  prior: z.object({ visits: z.number().int(), revenueFen: z.number().int() }),
  trend: z.enum(VALUE_TRENDS),
  /** The customer's place in the dealer's key-customer pyramid (by lifetime value). */
  tier: z.enum(CUSTOMER_TIERS),
  /** Who to keep first, and what it was made of. */
  retention: z.object({
    priority: z.number().int(),
    level: z.enum(RETENTION_PRIORITIES),
    /** 1–5: the tenure score and F averaged. */
    loyalty: z.number().int(),
    tenure: z.number().int(),
    /** 1–5, null when the customer never answered a survey nor complained. */
    satisfaction: z.number().int().nullable(),
    latestCsi: z.number().nullable(),
    complaints12m: z.number().int(),
    openComplaints: z.number().int(),
  }),
  inputs: valueInputsSchema,
});
export type CustomerValue = z.infer<typeof customerValueSchema>;
export const customerValuesSchema = z.object({ items: z.array(customerValueSchema) });

/** A dealer's customers by segment, the 80/20 share and its retention (the car maker: one row per dealer). */
export const valueMixSchema = z.object({
  dealers: z.array(
    z.object({
      dealer: z.object({ id: idSchema, name: z.string() }),
      computedOn: z.iso.date().nullable(),
      customers: z.number().int(),
      retention: z.number().nullable(),
      /** The share of the window's revenue the top fifth of customers bring (null: no revenue). */
      topFifthShare: z.number().nullable(),
      segments: z.array(z.object({ segment: segmentSchema, customers: z.number().int(), revenueFen: z.number().int() })),
      /** The contribution × frequency grid: customers and revenue by F and M score (cells with customers only). */
      grid: z.array(z.object({ f: z.number().int(), m: z.number().int(), customers: z.number().int(), revenueFen: z.number().int() })),
      /** The key-customer pyramid from the top, every tier (0 where none). */
      pyramid: z.array(
        z.object({
          tier: z.enum(CUSTOMER_TIERS),
          customers: z.number().int(),
          revenueFen: z.number().int(),
          lifetimeValueFen: z.number().int(),
        }),
      ),
      /** Customers by retention priority, every level. */
      priorities: z.array(z.object({ level: z.enum(RETENTION_PRIORITIES), customers: z.number().int() })),
    }),
  ),
});
export type ValueMix = z.infer<typeof valueMixSchema>;

/** A comma separated list of known values (at_risk,hibernating), each once. */
const commaList = <T extends string>(known: readonly T[], unknown: string) =>
  z
    .string()
    .max(200)
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      const values = [...new Set(text.split(',').map((s) => s.trim()))];
      if (values.some((s) => !(known as readonly string[]).includes(s))) {
        ctx.addIssue({ code: 'custom', message: unknown });
        return z.NEVER;
      }
      return values as T[];
    });

export const valueListQuerySchema = z.object({
  segment: commaList<CustomerSegment>(CUSTOMER_SEGMENTS, 'unknown_segment'),
  tier: commaList<CustomerTier>(CUSTOMER_TIERS, 'unknown_tier'),
  priority: z.enum(RETENTION_PRIORITIES).optional(),
  sort: z.enum(VALUE_LIST_ORDERS).default('value'),
  trend: z.enum(VALUE_TRENDS).optional(),
  /** At least this lifetime value, in fen. */
  minValueFen: z.coerce.number().int().min(0).max(10_000_000_000).optional(),
  dealerId: idSchema.optional(),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ValueListQuery = z.infer<typeof valueListQuerySchema>;

/** The customers of a segment filter, the highest lifetime value first. */
export const valueListSchema = z.object({
  items: z.array(
    z.object({
      customer: z.object({ id: idSchema, name: z.string(), mobile: z.string() }),
      dealer: z.object({ id: idSchema, name: z.string() }),
      segment: segmentSchema,
      trend: z.enum(VALUE_TRENDS),
      lastVisitOn: z.iso.date(),
      revenueFen: z.number().int(),
      lifetimeValueFen: z.number().int(),
      scores: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int() }),
      tier: z.enum(CUSTOMER_TIERS),
      priority: z.number().int(),
      priorityLevel: z.enum(RETENTION_PRIORITIES),
    }),
  ),
  total: z.number().int(),
});
export type ValueList = z.infer<typeof valueListSchema>;

/** What running the value computation now did. */
export const valueRunSchema = z.object({ customers: z.number().int() });

/** A call list made from a value filter: its customers, the highest value (or retention priority) first. */
export const valueCallListInputSchema = z
  .object({
    segments: z.array(segmentSchema).min(1).max(CUSTOMER_SEGMENTS.length).optional(),
    tiers: z.array(z.enum(CUSTOMER_TIERS)).min(1).max(CUSTOMER_TIERS.length).optional(),
    priority: z.enum(RETENTION_PRIORITIES).optional(),
    /** Who comes first when the filter holds more customers than the limit. */
    sort: z.enum(VALUE_LIST_ORDERS).default('value'),
    trend: z.enum(VALUE_TRENDS).optional(),
    minValueFen: z.number().int().min(0).max(10_000_000_000).optional(),
    /** The most customers put on the list. */
    limit: z.number().int().min(1).max(500),
    /** Also a follow-up work plan for the calls made: its title (target: the calls created, within their window). */
    planTitle: z.string().trim().min(1).max(100).optional(),
  })
  // A list of every customer the dealer has is not a call list: some filter narrows it.
  .refine((input) => input.segments || input.tiers || input.priority, { path: ['segments'], message: 'pick_a_filter' });
export type ValueCallListInput = z.infer<typeof valueCallListInputSchema>;

/** What the call list holds, and why the other customers of the filter are not on it. */
export const valueCallListSchema = z.object({
  matched: z.number().int(),
  created: z.number().int(),
  noConsent: z.number().int(),
  alreadyOpen: z.number().int(),
  /** The work plan made with the list, if one was asked for and calls were created. */
  planId: idSchema.nullable(),
});
export type ValueCallList = z.infer<typeof valueCallListSchema>;

/** The dealer's settings of the value computation (the defaults until it sets its own). */
export const valueSettingsSchema = z.object({
  /** The months of history RFM reads. */
  windowMonths: z.number().int().min(6).max(60),
  /** Gross margin on service revenue, as a share (0.35 = 35%). */
  marginShare: z.number().min(0.01).max(1),
  /** Yearly discount rate of future margin, as a share. */
  discountRate: z.number().min(0).max(0.5),
  /** Years of future visits the lifetime value counts. */
  horizonYears: z.number().int().min(1).max(15),
});
export type ValueSettings = z.infer<typeof valueSettingsSchema>;
