// The workshop (domain.md §4): dispatch, technicians' clocking, the progress board, the customer's
// progress page, the quality check and test drive, and the workshop KPIs.
import { z } from 'zod';
import { dateRangeSchema, idSchema } from './common.js';
import { SALUTATIONS } from './customers.js';
import { RO_STATUSES } from './repair-orders.js';

/** The controller assigns technician(s) and, optionally, a bay (派工). */
export const dispatchSchema = z.object({
  technicianIds: z.array(idSchema).min(1).max(10),
  bayId: idSchema.optional(),
});
export type DispatchInput = z.infer<typeof dispatchSchema>;

/** A technician clocks on a repair order, optionally on one of its labour lines. */
export const clockOnSchema = z.object({ lineId: idSchema.optional() });

const person = z.object({ id: idSchema, name: z.string() });

/** A measurement taken on the job (brake pad 3 mm, tyre tread 4.5 mm, battery 12.4 V). */
export const measurementSchema = z.object({
  name: z.string().trim().min(1).max(40),
  value: z.number().min(-100_000).max(100_000),
  unit: z.string().trim().max(10).default(''),
});
/** What the technician found: words and measurements, on one labour line or the whole order. */
export const findingInputSchema = z.object({
  lineId: idSchema.nullable().optional(),
  text: z.string().trim().min(1).max(2000),
  measurements: z.array(measurementSchema).max(20).default([]),
});
export type FindingInput = z.input<typeof findingInputSchema>;
export const findingSchema = z.object({
  id: idSchema,
  lineId: idSchema.nullable(),
  technician: person.nullable(),
  text: z.string(),
  measurements: z.array(z.object({ name: z.string(), value: z.number(), unit: z.string() })),
  at: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;
const bay = z.object({ id: idSchema, name: z.string() });

export const dispatchResultSchema = z.object({
  repairOrderId: idSchema,
  status: z.enum(RO_STATUSES),
  technicians: z.array(person),
  bay: bay.nullable(),
});
export type DispatchResult = z.infer<typeof dispatchResultSchema>;

export const clockEventSchema = z.object({
  id: idSchema,
  repairOrderId: idSchema,
  lineId: idSchema.nullable(),
  technicianId: idSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** Hours on the clock, two decimals (until now while still open). */
  hours: z.number(),
  /** The repair order's status after the clock event (clocking on moves an authorised RO to in progress). */
  status: z.enum(RO_STATUSES),
});
export type ClockEvent = z.infer<typeof clockEventSchema>;

/** A labour line the technician has finished. */
export const lineFinishedSchema = z.object({ lineId: idSchema, finishedAt: z.string() });
export type LineFinished = z.infer<typeof lineFinishedSchema>;

/** The repair order handed to the quality check. */
export const sentToQualityCheckSchema = z.object({ repairOrderId: idSchema, status: z.literal('quality_check') });
export type SentToQualityCheck = z.infer<typeof sentToQualityCheckSchema>;

/** One job on the technician's phone screen. */
export const myJobSchema = z.object({
  repairOrderId: idSchema,
  number: z.string(),
  status: z.enum(RO_STATUSES),
  plate: z.string(),
  modelName: z.string().nullable(),
  concerns: z.string(),
  promisedAt: z.string(),
  bay: bay.nullable(),
  labourLines: z.array(z.object({ id: idSchema, description: z.string(), hours: z.number(), finishedAt: z.string().nullable() })),
  findings: z.array(findingSchema),
  clockedOn: z.boolean(),
  /** The line the technician is clocked on, when they chose one. */
  clockedOnLineId: idSchema.nullable(),
  /** What this technician has clocked on this RO so far, hours. */
  myClockedHours: z.number(),
});
export type MyJob = z.infer<typeof myJobSchema>;
/** The technician's assigned jobs. */
export const myJobListSchema = z.object({ items: z.array(myJobSchema) });
export type MyJobList = z.infer<typeof myJobListSchema>;

export const AT_RISK_REASONS = ['overdue', 'not_enough_time'] as const;

export const boardEntrySchema = z.object({
  repairOrderId: idSchema,
  number: z.string(),
  stage: z.enum(RO_STATUSES),
  plate: z.string(),
  /** Only the surname: the board is seen by waiting customers too. */
  customerSurname: z.string(),
  /** How the board addresses them (先生 / 女士 by gender; 先生/女士 only when unknown). */
  customerSalutation: z.enum(SALUTATIONS),
  modelName: z.string().nullable(),
  serviceAdvisor: person.nullable(),
  technicians: z.array(person.extend({ clockedOn: z.boolean() })),
  bay: bay.nullable(),
  promisedAt: z.string(),
  atRisk: z.boolean(),
  atRiskReason: z.enum(AT_RISK_REASONS).nullable(),
  soldHours: z.number(),
  clockedHours: z.number(),
  remainingHours: z.number(),
  reworkCount: z.number().int(),
  /** Whose car it is (the car maker's board spans dealers). */
  dealer: z.object({ id: idSchema, name: z.string() }),
});
export type BoardEntry = z.infer<typeof boardEntrySchema>;

export const workshopBoardSchema = z.object({
  generatedAt: z.string(),
  entries: z.array(boardEntrySchema),
  atRiskCount: z.number().int(),
});
export type WorkshopBoard = z.infer<typeof workshopBoardSchema>;

export const checklistItemSchema = z.object({ item: z.string().trim().min(1).max(100), ok: z.boolean() });

/** The inspector's record: checklist (exterior, interior, engine, chassis…) and the road test when one was needed. */
export const qualityCheckCreateSchema = z.object({
  passed: z.boolean(),
  checklist: z.array(checklistItemSchema).min(1).max(100),
  roadTest: z
    .object({ route: z.string().trim().min(1).max(200), km: z.number().min(0).max(1000), notes: z.string().trim().max(1000).optional() })
    .optional(),
  /** Why it failed: required when `passed` is false; the car goes back to the workshop with it. */
  reason: z.string().trim().max(500).optional(),
});
export type QualityCheckInput = z.infer<typeof qualityCheckCreateSchema>;

export const qualityCheckSchema = z.object({
  id: idSchema,
  repairOrderId: idSchema,
  inspector: person.nullable(),
  passed: z.boolean(),
  checklist: z.array(checklistItemSchema),
  roadTest: z.object({ route: z.string(), km: z.number(), notes: z.string().optional() }).nullable(),
  reason: z.string().nullable(),
  at: z.string(),
  /** The RO after the check: ready, or back in progress with one more rework. */
  status: z.enum(RO_STATUSES),
  reworkCount: z.number().int(),
});
export type QualityCheck = z.infer<typeof qualityCheckSchema>;

/** A link to the customer's progress page; making one retires the older links. */
export const progressLinkSchema = z.object({ url: z.string(), createdAt: z.string() });
export type ProgressLink = z.infer<typeof progressLinkSchema>;

/** The customer's progress page: no personal data, the plate masked. */
export const publicProgressSchema = z.object({
  dealerName: z.string(),
  number: z.string(),
  plate: z.string(),
  modelName: z.string().nullable(),
  stage: z.enum(RO_STATUSES),
  promisedAt: z.string(),
  readyAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type PublicProgress = z.infer<typeof publicProgressSchema>;

export const workshopKpiQuerySchema = dateRangeSchema({ dealerId: idSchema.optional() });

export const workshopKpiSchema = z.object({
  from: z.string(),
  to: z.string(),
  counts: z.object({
    /** ROs that became ready (passed the quality check) in the period. */
    completedOrders: z.number().int(),
    /** Of those, the ones sent back from the quality check at least once. */
    reworkedOrders: z.number().int(),
    qualityChecksPassed: z.number().int(),
    qualityChecksFailed: z.number().int(),
  }),
  /** Flat-rate labour hours on the completed ROs. */
  soldHours: z.number(),
  /** Hours the technicians clocked on the completed ROs. */
  clockedHours: z.number(),
  /** Sold ÷ clocked, percent with one decimal; null when nothing was clocked. */
  labourEfficiency: z.number().nullable(),
  /** Reworked ÷ completed, percent with one decimal. */
  reworkRate: z.number().nullable(),
  /** Hours each technician clocked in the period, on any RO. */
  technicians: z.array(person.extend({ clockedHours: z.number() })),
});
export type WorkshopKpis = z.infer<typeof workshopKpiSchema>;
