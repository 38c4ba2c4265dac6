import { z } from 'zod';
import { DEALER_GRADES } from './network.js';
import { type CSI_FACTOR_KPIS, NETWORK_KPIS } from './network-kpis.constants.js';

export * from './network-kpis.constants.js';

// The headline KPIs of domain §11, one figure per dealer and period, for the car maker's network
// cockpit and for a dealer's managers (their dealer beside the network).

export type CsiFactorKey = keyof typeof CSI_FACTOR_KPIS;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month_format');

/** Query of every cockpit read: a period of whole months (at most 24) and the network narrowing. */
export const networkKpiQuerySchema = z
  .object({
    from: month,
    to: month,
    region: z.string().trim().min(1).max(20).optional(),
    city: z.string().trim().min(1).max(50).optional(),
    grade: z.enum(DEALER_GRADES).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from_after_to', path: ['to'] });
export type NetworkKpiQuery = z.infer<typeof networkKpiQuerySchema>;

/** Each KPI's value (percent with one decimal, fen, hours, a count or a 0–100 score); null when nothing was there to measure. */
export const kpiValuesSchema = z.record(z.enum(NETWORK_KPIS), z.number().nullable());
export type KpiValues = z.infer<typeof kpiValuesSchema>;

export const dealerKpiRowSchema = z.object({
  dealerId: z.uuid(),
  code: z.string(),
  name: z.string(),
  region: z.string().nullable(),
  city: z.string(),
  grade: z.enum(DEALER_GRADES),
  values: kpiValuesSchema,
});
export type DealerKpiRow = z.infer<typeof dealerKpiRowSchema>;

export const networkCockpitSchema = z.object({
  from: month,
  to: month,
  /** When the figures were last computed (they are refreshed nightly and on demand). */
  refreshedAt: z.iso.datetime().nullable(),
  dealers: z.array(dealerKpiRowSchema),
  networkAverage: kpiValuesSchema,
  topQuartile: kpiValuesSchema,
});
export type NetworkCockpit = z.infer<typeof networkCockpitSchema>;

/** One KPI by month: the dealer (when one is named) beside the network. */
export const kpiTrendSchema = z.object({
  kpi: z.enum(NETWORK_KPIS),
  months: z.array(z.object({ month, dealer: z.number().nullable(), network: z.number().nullable() })),
});
export type KpiTrend = z.infer<typeof kpiTrendSchema>;

/** A dealer's figures by service advisor (the drill-down's second level). */
export const advisorKpisSchema = z.object({
  dealerId: z.uuid(),
  advisors: z.array(z.object({ advisorId: z.uuid(), name: z.string(), values: kpiValuesSchema })),
});
export type AdvisorKpis = z.infer<typeof advisorKpisSchema>;

/** The records behind one figure: each links to the page that shows it. */
export const kpiRecordSchema = z.object({
  kind: z.enum(['repair_order', 'appointment', 'complaint', 'follow_up', 'survey']),
  id: z.uuid(),
  number: z.string().nullable(),
  at: z.iso.datetime(),
  plate: z.string().nullable(),
  advisorName: z.string().nullable(),
  /** Whether this record counts against the figure (a no-show, a comeback, a late delivery …). */
  counted: z.boolean(),
  /** The figure-specific reason code, translated by the web app. */
  reason: z.string().nullable(),
});
export const kpiRecordsSchema = z.object({ items: z.array(kpiRecordSchema), total: z.number().int() });
export type KpiRecord = z.infer<typeof kpiRecordSchema>;
export type KpiRecords = z.infer<typeof kpiRecordsSchema>;

/** A refresh of the monthly figures: the months recomputed, the rows written and when. */
export const kpiRefreshSchema = z.object({ from: z.string(), to: z.string(), rows: z.number().int(), refreshedAt: z.iso.datetime() });
export type KpiRefresh = z.infer<typeof kpiRefreshSchema>;

const periodAndNarrowing = {
  from: month,
  to: month,
  region: z.string().trim().min(1).max(20).optional(),
  city: z.string().trim().min(1).max(50).optional(),
  grade: z.enum(DEALER_GRADES).optional(),
};

/** Query of the trend: one KPI, a dealer (a dealer's staff: their own, the default) and the network narrowing. */
export const kpiTrendQuerySchema = z
  .object({ ...periodAndNarrowing, kpi: z.enum(NETWORK_KPIS), dealerId: z.uuid().optional() })
  .refine((q) => q.from <= q.to, { message: 'from_after_to', path: ['to'] });
export type KpiTrendQuery = z.infer<typeof kpiTrendQuerySchema>;

/** Query of the advisor drill-down of one dealer. */
export const advisorKpiQuerySchema = z
  .object({ from: month, to: month })
  .refine((q) => q.from <= q.to, { message: 'from_after_to', path: ['to'] });
export type AdvisorKpiQuery = z.infer<typeof advisorKpiQuerySchema>;

/** The advisor drill-down's Excel export: its period and the language of the headers (default: the user's). */
export const advisorKpiExportQuerySchema = z
  .object({ from: month, to: month, locale: z.enum(['zh-CN', 'en']).optional() })
  .refine((q) => q.from <= q.to, { message: 'from_after_to', path: ['to'] });
export type AdvisorKpiExportQuery = z.infer<typeof advisorKpiExportQuerySchema>;

/** Query of the records behind one dealer's figure. */
export const kpiRecordsQuerySchema = z
  .object({
    from: month,
    to: month,
    kpi: z.enum(NETWORK_KPIS),
    advisorId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .refine((q) => q.from <= q.to, { message: 'from_after_to', path: ['to'] });
export type KpiRecordsQuery = z.infer<typeof kpiRecordsQuerySchema>;

/** The cockpit's Excel export: the cockpit's query and the language of the headers (default: the user's). */
export const networkKpiExportQuerySchema = z
  .object({ ...periodAndNarrowing, locale: z.enum(['zh-CN', 'en']).optional() })
  .refine((q) => q.from <= q.to, { message: 'from_after_to', path: ['to'] });
