import { z } from 'zod';
import { calendarDateSchema, cursorQuerySchema, dateRangeSchema, idSchema, isoDateSchema, pageSchema } from './common.js';
import { USE_TYPES } from './vehicles.constants.js';
import {
  CAMPAIGN_KINDS,
  CAUSE_CODES,
  CLAIM_KINDS,
  CLAIM_LINE_KINDS,
  CLAIM_REJECT_CODES,
  CLAIM_STATUSES,
  FAILURE_CODES,
  PARTS_RETURN_STATUSES,
  SANBAO_DECISIONS,
  SANBAO_THRESHOLDS,
  WARRANTY_EXCLUSIONS,
  WARRANTY_TERM_KINDS,
} from './warranty.constants.js';

export * from './warranty.constants.js';

const months = z.number().int().min(1).max(240);
const km = z.number().int().min(1).max(2_000_000);
const componentCode = z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'invalid_code');
const text = (max: number) => z.string().trim().min(1).max(max);

/** A policy's terms; each ends at its months or its km, whichever comes first. */
export const warrantyTermsSchema = z
  .object({
    /** The whole-vehicle warranty by use at sale (private, taxi, …). */
    vehicle: z
      .array(z.object({ useType: z.enum(USE_TYPES), months, km }))
      .min(1)
      .max(USE_TYPES.length),
    /** Components with their own terms (power battery, drive motor, …). */
    components: z.array(z.object({ code: componentCode, name: text(60), months, km })).max(20),
    /** Parts bought and fitted at an authorised dealer: months from fitting. */
    fittedPartsMonths: z.number().int().min(1).max(60),
    /** The free first maintenance window, or none. */
    firstMaintenance: z.object({ months, km }).nullable(),
  })
  .superRefine((t, ctx) => {
    const uses = t.vehicle.map((v) => v.useType);
    uses.forEach((u, i) => {
      if (uses.indexOf(u) !== i) ctx.addIssue({ code: 'custom', path: ['vehicle', i, 'useType'], message: 'duplicate' });
    });
    const codes = t.components.map((c) => c.code);
    codes.forEach((c, i) => {
      if (codes.indexOf(c) !== i) ctx.addIssue({ code: 'custom', path: ['components', i, 'code'], message: 'duplicate' });
    });
  });
export type WarrantyTerms = z.infer<typeof warrantyTermsSchema>;

export const warrantyPolicyInputSchema = z.object({
  modelId: idSchema,
  /** Only this model year; none: every year of the model without a policy of its own. */
  modelYear: z.number().int().min(1990).max(2100).nullable().default(null),
  /** Vehicles sold on or after this day are judged by this version. */
  effectiveFrom: isoDateSchema,
  terms: warrantyTermsSchema,
  note: z.string().trim().max(500).nullable().optional(),
});
export type WarrantyPolicyInput = z.input<typeof warrantyPolicyInputSchema>;

export const warrantyPolicySchema = z.object({
  id: idSchema,
  model: z.object({ id: idSchema, code: z.string(), name: z.string() }),
  modelYear: z.number().int().nullable(),
  version: z.number().int(),
  effectiveFrom: z.string(),
  terms: warrantyTermsSchema,
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type WarrantyPolicy = z.infer<typeof warrantyPolicySchema>;
export const warrantyPolicyListSchema = z.object({ items: z.array(warrantyPolicySchema), canWrite: z.boolean() });

/** A term of the vehicle's policy as it stands today. `term` names it in a check: `vehicle`, `component:<code>`, `fitted_parts`, `free_first_maintenance`. */
export const termCoverageSchema = z.object({
  term: z.string(),
  kind: z.enum(WARRANTY_TERM_KINDS),
  name: z.string().nullable(),
  months: z.number().int(),
  km: z.number().int().nullable(),
  endsOn: z.string().nullable(),
  endsKm: z.number().int().nullable(),
  active: z.boolean(),
  /** Why it no longer covers: its time, its distance, or (first maintenance) already used. */
  endedBy: z.enum(['time', 'distance', 'used']).nullable(),
});
export type TermCoverage = z.infer<typeof termCoverageSchema>;

export const warrantyCoverageSchema = z.object({
  vehicleId: idSchema,
  policy: z
    .object({ id: idSchema, version: z.number().int(), effectiveFrom: z.string(), modelYear: z.number().int().nullable() })
    .nullable(),
  /** Why nothing can be judged: no policy for the model, or the sale date is unknown. */
  unknownBecause: z.enum(['no_policy', 'not_delivered']).nullable(),
  deliveredOn: z.string().nullable(),
  useTypeAtSale: z.enum(USE_TYPES),
  km: z.number().int().nullable(),
  terms: z.array(termCoverageSchema),
  /** Serviced at authorised dealers within the model's interval (with grace) since sale. */
  serviceOnSchedule: z.boolean(),
  /** The first day a service was overdue, when it was. */
  overdueSince: z.string().nullable(),
});
export type WarrantyCoverage = z.infer<typeof warrantyCoverageSchema>;

export const warrantyFindingsSchema = z.object({
  nonAuthorisedRepair: z.boolean().default(false),
  unapprovedParts: z.boolean().default(false),
  misuse: z.boolean().default(false),
  accident: z.boolean().default(false),
});
export type WarrantyFindings = z.output<typeof warrantyFindingsSchema>;

const termName = z.string().regex(/^(vehicle|fitted_parts|free_first_maintenance|component:[A-Z][A-Z0-9_]{0,19})$/, 'invalid_term');

export const warrantyCheckInputSchema = z.object({
  term: termName,
  /** For `fitted_parts`: the part that was fitted at a dealer of the network. */
  partNumber: z.string().trim().min(1).max(40).optional(),
  findings: warrantyFindingsSchema.default({ nonAuthorisedRepair: false, unapprovedParts: false, misuse: false, accident: false }),
  /** The customer's words (客户原话). */
  customerWords: text(2000),
  /** The technician's checks and measurements. */
  technicianChecks: z.string().trim().max(2000).nullable().optional(),
  /** The repair report. */
  repairReport: z.string().trim().max(2000).nullable().optional(),
});
export type WarrantyCheckInput = z.input<typeof warrantyCheckInputSchema>;

const personRef = z.object({ id: idSchema, name: z.string() });

export const warrantyCheckSchema = z.object({
  id: idSchema,
  repairOrderId: idSchema,
  term: z.string(),
  eligible: z.boolean(),
  exclusion: z.enum(WARRANTY_EXCLUSIONS).nullable(),
  findings: warrantyFindingsSchema,
  customerWords: z.string(),
  technicianChecks: z.string().nullable(),
  repairReport: z.string().nullable(),
  checkedBy: personRef,
  checkedAt: z.string(),
});
export type WarrantyCheck = z.infer<typeof warrantyCheckSchema>;

export const claimRefSchema = z.object({ id: idSchema, number: z.string(), kind: z.enum(CLAIM_KINDS), status: z.enum(CLAIM_STATUSES) });

/** The warranty side of one repair order: what covers the car, the clerk's checks, the claims. */
export const roWarrantySchema = z.object({
  coverage: warrantyCoverageSchema,
  /** The order's lines paid by the car maker, by pay type. */
  warrantyLines: z.number().int(),
  firstMaintenanceLines: z.number().int(),
  checks: z.array(warrantyCheckSchema),
  claims: z.array(claimRefSchema),
  /** The recalls and service campaigns that name the car (the open ones can be done on this order). */
  campaigns: z.array(
    z.object({
      id: idSchema,
      code: z.string(),
      kind: z.enum(CAMPAIGN_KINDS),
      title: z.string(),
      labourHours: z.number(),
      open: z.boolean(),
      completedAt: z.string().nullable(),
      completedDealer: z.object({ id: idSchema, name: z.string() }).nullable(),
    }),
  ),
  can: z.object({ check: z.boolean(), prepareClaim: z.boolean(), recordCampaign: z.boolean() }),
});
export type RoWarranty = z.infer<typeof roWarrantySchema>;

export const claimLineInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('labour'),
    code: z.string().trim().max(40).nullable().optional(),
    description: text(200),
    hours: z.number().positive().max(200),
  }),
  z.object({
    kind: z.literal('parts'),
    code: z.string().trim().min(1).max(40),
    description: text(200),
    quantity: z.number().positive().max(10_000),
  }),
  z.object({
    kind: z.literal('sublet'),
    code: z.string().trim().max(40).nullable().optional(),
    description: text(200),
    amountFen: z.number().int().min(0).max(100_000_000),
  }),
]);
export type ClaimLineInput = z.input<typeof claimLineInputSchema>;

export const claimCreateSchema = z.object({
  repairOrderId: idSchema,
  /** A campaign's claim is raised by recording the campaign work on the order. */
  kind: z.enum(['warranty', 'free_first_maintenance']),
  /** The part that caused the failure: the part number of one of the claim's parts lines. */
  causalPartCode: z.string().trim().min(1).max(40).optional(),
  failureCode: z.enum(FAILURE_CODES).optional(),
  causeCode: z.enum(CAUSE_CODES).optional(),
});
export type ClaimCreateInput = z.input<typeof claimCreateSchema>;

export const claimPatchSchema = z.object({
  version: z.number().int().min(1),
  causalPartCode: z.string().trim().min(1).max(40).optional(),
  failureCode: z.enum(FAILURE_CODES).optional(),
  causeCode: z.enum(CAUSE_CODES).optional(),
  customerWords: text(2000).optional(),
  technicianChecks: z.string().trim().max(2000).nullable().optional(),
  repairReport: z.string().trim().max(2000).nullable().optional(),
  /** Replaces every line; labour is paid at the car maker's rate and parts at its price. */
  lines: z.array(claimLineInputSchema).min(1).max(100).optional(),
});
export type ClaimPatchInput = z.input<typeof claimPatchSchema>;

export const claimSubmitSchema = z.object({
  version: z.number().int().min(1),
  /** The total the clerk saw; a claim whose lines add up to something else is refused. */
  claimedFen: z.number().int().min(0).max(1_000_000_000),
});

export const claimApproveSchema = z.object({
  version: z.number().int().min(1),
  /** Lines paid other than as claimed, each with its reason; a line not named is paid as claimed. */
  adjustments: z
    .array(
      z.object({
        position: z.number().int().min(1).max(100),
        approvedFen: z.number().int().min(0).max(100_000_000),
        reason: text(500),
      }),
    )
    .max(100)
    .default([]),
  /** The parts lines (positions) whose replaced parts the car maker wants back. */
  returnPositions: z.array(z.number().int().min(1).max(100)).max(100).default([]),
  note: z.string().trim().max(500).nullable().optional(),
});
export type ClaimApproveInput = z.input<typeof claimApproveSchema>;

/** The dealer ships the tagged parts (a return note with the list and the waybill number). */
export const partsShipSchema = z.object({
  version: z.number().int().min(1),
  waybill: z.string().trim().min(4).max(40),
  note: z.string().trim().max(500).nullable().optional(),
});
/** The car maker's claims centre confirms receipt and records its inspection. */
export const partsReceiveSchema = z.object({ version: z.number().int().min(1), note: z.string().trim().max(500).nullable().optional() });

export const claimRejectSchema = z.object({ version: z.number().int().min(1), code: z.enum(CLAIM_REJECT_CODES), reason: text(500) });
export const claimReturnSchema = z.object({ version: z.number().int().min(1), note: text(500) });

export const claimLineSchema = z.object({
  position: z.number().int(),
  kind: z.enum(CLAIM_LINE_KINDS),
  code: z.string().nullable(),
  description: z.string(),
  hours: z.number().nullable(),
  rateFen: z.number().int().nullable(),
  quantity: z.number().nullable(),
  unitPriceFen: z.number().int().nullable(),
  amountFen: z.number().int(),
  approvedFen: z.number().int().nullable(),
  adjustReason: z.string().nullable(),
  returnRequired: z.boolean(),
});
export type ClaimLine = z.infer<typeof claimLineSchema>;

export const claimEventSchema = z.object({
  id: idSchema,
  kind: z.string(),
  at: z.string(),
  actor: personRef.nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

const claimBase = {
  id: idSchema,
  number: z.string(),
  dealer: z.object({ id: idSchema, code: z.string(), name: z.string() }),
  repairOrder: z.object({ id: idSchema, number: z.string() }),
  vehicle: z.object({ id: idSchema, vin: z.string(), plate: z.string(), modelName: z.string().nullable() }),
  kind: z.enum(CLAIM_KINDS),
  status: z.enum(CLAIM_STATUSES),
  term: z.string(),
  causalPartCode: z.string(),
  failureCode: z.string(),
  causeCode: z.string(),
  repairedAt: z.string(),
  /** The end of the car maker's submission window. */
  submitBy: z.string(),
  submittedAt: z.string().nullable(),
  late: z.boolean(),
  claimedFen: z.number().int(),
  approvedFen: z.number().int().nullable(),
  /** Taken back from the dealer when the parts the car maker asked for did not arrive in time. */
  chargedBackFen: z.number().int(),
  partsReturn: z
    .object({
      status: z.enum(PARTS_RETURN_STATUSES),
      dueAt: z.string(),
      waybill: z.string().nullable(),
      shippedAt: z.string().nullable(),
      receivedAt: z.string().nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  version: z.number().int(),
};

export const claimListItemSchema = z.object(claimBase);
export type ClaimListItem = z.infer<typeof claimListItemSchema>;
export const claimListSchema = pageSchema(claimListItemSchema);

export const CLAIM_ACTIONS = ['update', 'submit', 'approve', 'reject', 'return', 'shipParts', 'receiveParts'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

export const claimDetailSchema = z.object({
  ...claimBase,
  customerWords: z.string(),
  technicianChecks: z.string().nullable(),
  repairReport: z.string().nullable(),
  rejectCode: z.enum(CLAIM_REJECT_CODES).nullable(),
  decisionNote: z.string().nullable(),
  reviewer: personRef.nullable(),
  decidedAt: z.string().nullable(),
  lines: z.array(claimLineSchema),
  events: z.array(claimEventSchema),
  can: z.object(Object.fromEntries(CLAIM_ACTIONS.map((a) => [a, z.boolean()])) as Record<ClaimAction, z.ZodBoolean>),
});
export type ClaimDetail = z.infer<typeof claimDetailSchema>;

export const claimQuerySchema = cursorQuerySchema.extend({
  status: z.enum(CLAIM_STATUSES).optional(),
  dealerId: idSchema.optional(),
  /** Claim number, RO number or VIN (the whole or its last 6). */
  q: z.string().trim().min(1).max(40).optional(),
});
export type ClaimQuery = z.input<typeof claimQuerySchema>;

/** The 三包 thresholds, network settings with the national rules' values as defaults. */
export const sanbaoSettingsSchema = z.object({
  /** The 三包 period: at least 2 years or 50,000 km, whichever first. */
  periodMonths: z.number().int().min(24).max(120),
  periodKm: z.number().int().min(50_000).max(1_000_000),
  /** Cumulative days under repair in the period that entitle a replacement or return (35). */
  repairDaysLimit: z.number().int().min(1).max(365),
  /** Repairs of the same defect (causal part) in the period (5). */
  sameDefectLimit: z.number().int().min(1).max(20),
  /** Repairs of a major part (engine, gearbox, drive motor, power battery) in the period (2). */
  majorPartLimit: z.number().int().min(1).max(10),
  /** A major part failing within this many days or km of the sale (60 days / 3,000 km). */
  earlyDays: z.number().int().min(1).max(365),
  earlyKm: z.number().int().min(1).max(100_000),
  /** The share of a limit at which the service manager and the car maker are warned. */
  warnAtShare: z.number().min(0.5).max(1),
});
export type SanbaoSettings = z.infer<typeof sanbaoSettingsSchema>;

export const warrantySettingsSchema = z.object({
  labourRateFen: z.number().int().min(0).max(10_000_000),
  submitWindowDays: z.number().int().min(1).max(90),
  warnDaysBefore: z.number().int().min(0).max(30),
  /** Days after approval for the asked-for parts to arrive before the claim is charged back. */
  partReturnDays: z.number().int().min(1).max(180),
  sanbao: sanbaoSettingsSchema,
  canWrite: z.boolean(),
});
export const warrantySettingsPatchSchema = warrantySettingsSchema.omit({ canWrite: true }).partial();

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const warrantySettlementQuerySchema = z.object({
  /** The month the claims were approved in (China time), YYYY-MM. */
  month: z
    .string()
    .regex(MONTH, 'invalid_month')
    .refine((m) => m >= '2000-01' && m <= '2100-12', 'out_of_range'),
  dealerId: idSchema.optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
});

const money = { claims: z.number().int(), approvedFen: z.number().int(), chargedBackFen: z.number().int(), netFen: z.number().int() };

/** The monthly settlement of approved claims per dealer: the car maker's credit note figures. */
export const warrantySettlementSchema = z.object({
  month: z.string(),
  items: z.array(z.object({ dealer: z.object({ id: idSchema, code: z.string(), name: z.string() }), ...money })),
  totals: z.object(money),
});
export type WarrantySettlement = z.infer<typeof warrantySettlementSchema>;

/** The claims submitted in a period, for a dealer or narrowed across the network. */
export const warrantyAnalysisQuerySchema = dateRangeSchema({
  dealerId: idSchema.optional(),
  region: z.string().trim().min(1).max(40).optional(),
});
export type WarrantyAnalysisQuery = z.input<typeof warrantyAnalysisQuerySchema>;

const figures = {
  claims: z.number().int(),
  claimedFen: z.number().int(),
  approvedFen: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  /** Rejected of those decided (approved or rejected), 0–1; null when none was decided. */
  rejectionRate: z.number().nullable(),
  /** Submitted after the window, of those submitted, 0–1. */
  lateRate: z.number().nullable(),
};
const paretoRow = z.object({
  key: z.string(),
  claims: z.number().int(),
  approvedFen: z.number().int(),
  share: z.number(),
  cumulativeShare: z.number(),
});

/** The car maker's quality view and the dealer's own: claims and amounts by dealer, model, causal part and failure. */
export const warrantyAnalysisSchema = z.object({
  from: calendarDateSchema,
  to: calendarDateSchema,
  totals: z.object({
    ...figures,
    returnsRequested: z.number().int(),
    /** Parts received by their due day, of those asked back, 0–1. */
    returnsOnTimeRate: z.number().nullable(),
    chargedBackFen: z.number().int(),
    /** Vehicles the scope serves (the dealer's, or the network's). */
    vehiclesInOperation: z.number().int(),
    /** Approved warranty cost per vehicle in operation, in fen. */
    costPerVehicleFen: z.number().nullable(),
    /** Cars of the scope named by campaigns launched by the period's end, and those done: the completion rate. */
    campaignVehicles: z.number().int(),
    campaignCompleted: z.number().int(),
    campaignCompletionRate: z.number().nullable(),
  }),
  byDealer: z.array(z.object({ dealer: z.object({ id: idSchema, code: z.string(), name: z.string() }), ...figures })),
  byModel: z.array(
    z.object({ model: z.object({ id: idSchema, name: z.string() }).nullable(), claims: z.number().int(), approvedFen: z.number().int() }),
  ),
  /** Causal parts by approved amount, most first, with their cumulative share (Pareto); the top 20. */
  byCausalPart: z.array(paretoRow),
  byFailure: z.array(paretoRow),
  rejectReasons: z.array(z.object({ code: z.enum(CLAIM_REJECT_CODES), claims: z.number().int() })),
});
export type WarrantyAnalysis = z.infer<typeof warrantyAnalysisSchema>;

const SERIAL = /^\d{6}$/;

/** Which cars a campaign covers by rule: a model, its model years, and a production range (the VIN's serial, its last six digits). */
export const campaignRuleSchema = z
  .object({
    modelId: idSchema,
    modelYearFrom: z.number().int().min(1990).max(2100).optional(),
    modelYearTo: z.number().int().min(1990).max(2100).optional(),
    serialFrom: z.string().regex(SERIAL, 'invalid_serial').optional(),
    serialTo: z.string().regex(SERIAL, 'invalid_serial').optional(),
  })
  .superRefine((r, ctx) => {
    if (r.modelYearFrom && r.modelYearTo && r.modelYearTo < r.modelYearFrom)
      ctx.addIssue({ code: 'custom', path: ['modelYearTo'], message: 'before_from' });
    if (r.serialFrom && r.serialTo && r.serialTo < r.serialFrom)
      ctx.addIssue({ code: 'custom', path: ['serialTo'], message: 'before_from' });
  });
export type CampaignRule = z.infer<typeof campaignRuleSchema>;

export const campaignPartSchema = z.object({
  partNumber: z.string().trim().min(1).max(40),
  name: text(60),
  quantity: z.number().positive().max(100),
});

export const campaignInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Z0-9-]{3,20}$/, 'invalid_code'),
    kind: z.enum(CAMPAIGN_KINDS),
    title: text(100),
    description: z.string().trim().max(2000).nullable().optional(),
    labourCode: z.string().trim().max(40).nullable().optional(),
    labourHours: z.number().positive().max(50),
    parts: z.array(campaignPartSchema).max(20).default([]),
    validFrom: isoDateSchema,
    validTo: isoDateSchema.nullable().optional(),
    /** The affected VINs from an imported list (one per row of a CSV or Excel sheet), or else a rule. */
    vins: z.array(z.string().max(40)).min(1).max(100_000).optional(),
    rule: campaignRuleSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.vins) === Boolean(c.rule)) ctx.addIssue({ code: 'custom', path: ['vins'], message: 'give_vins_or_rule' });
    if (c.validTo && c.validTo < c.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'before_from' });
  });
export type CampaignInput = z.input<typeof campaignInputSchema>;

const completion = { vehicles: z.number().int(), completed: z.number().int(), completionRate: z.number().nullable() };

export const campaignSchema = z.object({
  id: idSchema,
  code: z.string(),
  kind: z.enum(CAMPAIGN_KINDS),
  title: z.string(),
  description: z.string().nullable(),
  labourCode: z.string().nullable(),
  labourHours: z.number(),
  parts: z.array(campaignPartSchema),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  rule: campaignRuleSchema.nullable(),
  /** Within its validity today. */
  open: z.boolean(),
  createdAt: z.string(),
  ...completion,
});
export type Campaign = z.infer<typeof campaignSchema>;
export const campaignListSchema = z.object({ items: z.array(campaignSchema), canWrite: z.boolean() });

export const campaignDetailSchema = campaignSchema.extend({
  byDealer: z.array(
    z.object({ dealer: z.object({ id: idSchema, code: z.string(), name: z.string(), region: z.string().nullable() }), ...completion }),
  ),
  /** The same by region (dealers without one under null). */
  byRegion: z.array(z.object({ region: z.string().nullable(), ...completion })),
  /** Cars completed each week (Monday) since the launch, and the running total. */
  overTime: z.array(z.object({ weekOf: z.string(), completed: z.number().int(), cumulative: z.number().int() })),
  /** The cars still to do in the reader's scope (the first 500). */
  openVehicles: z.array(z.object({ vehicleId: idSchema, vin: z.string(), plate: z.string(), dealerId: idSchema.nullable() })),
});
export type CampaignDetail = z.infer<typeof campaignDetailSchema>;

/** The campaigns that name a car, open ones first. */
export const vehicleCampaignsSchema = z.object({
  items: z.array(
    z.object({
      id: idSchema,
      code: z.string(),
      kind: z.enum(CAMPAIGN_KINDS),
      title: z.string(),
      labourHours: z.number(),
      open: z.boolean(),
      completedAt: z.string().nullable(),
      completedDealer: z.object({ id: idSchema, name: z.string() }).nullable(),
    }),
  ),
});
export type VehicleCampaigns = z.infer<typeof vehicleCampaignsSchema>;

/** The campaign work done on a finished repair order: completes the car's campaign and raises its claim. */
export const campaignWorkSchema = z.object({ campaignId: idSchema });

export const sanbaoFlagSchema = z.object({
  threshold: z.enum(SANBAO_THRESHOLDS),
  value: z.number().int(),
  limit: z.number().int(),
  /** near: at the warning share of the limit; reached: at or past it. */
  level: z.enum(['near', 'reached']),
});
export type SanbaoFlag = z.infer<typeof sanbaoFlagSchema>;

export const sanbaoCaseSchema = z.object({
  id: idSchema,
  dealer: z.object({ id: idSchema, name: z.string() }),
  status: z.enum(['open', 'decided']),
  flags: z.array(sanbaoFlagSchema),
  decision: z.enum(SANBAO_DECISIONS).nullable(),
  note: z.string().nullable(),
  decidedBy: personRef.nullable(),
  decidedAt: z.string().nullable(),
  openedAt: z.string(),
});

/** A car against the 三包 thresholds: its counts in the period, what is near or reached, and its case. */
export const sanbaoStandingSchema = z.object({
  vehicleId: idSchema,
  /** Unknown when the sale date is. */
  inPeriod: z.boolean(),
  periodEndsOn: z.string().nullable(),
  periodEndsKm: z.number().int(),
  repairDays: z.number().int(),
  sameDefect: z.object({ part: z.string().nullable(), count: z.number().int() }),
  majorPartRepairs: z.number().int(),
  earlyMajorFailure: z.boolean(),
  /** A major part failed within 24 hours of delivery (the car came in on its delivery day or the next). */
  failureAtDelivery: z.boolean(),
  flags: z.array(sanbaoFlagSchema),
  case: sanbaoCaseSchema.nullable(),
  can: z.object({ decide: z.boolean() }),
});
export type SanbaoStanding = z.infer<typeof sanbaoStandingSchema>;

/** The open 三包 cases: the cars near or at a threshold (the dealer's, or the network's). */
export const sanbaoWatchSchema = z.object({
  items: z.array(
    z.object({
      vehicle: z.object({ id: idSchema, vin: z.string(), plate: z.string(), modelName: z.string().nullable() }),
      case: sanbaoCaseSchema,
    }),
  ),
});

export const sanbaoDecisionInputSchema = z.object({ decision: z.enum(SANBAO_DECISIONS), note: text(1000) });
