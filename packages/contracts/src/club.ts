import { z } from 'zod';
import { CLUB_ENTRY_KINDS, CLUB_FEE_METHODS, CLUB_FREE_SERVICES, CLUB_LEVELS, CLUB_PAYERS } from './club.constants.js';
import { calendarDateSchema, idSchema } from './common.js';

export * from './club.constants.js';

// The brand's owners' club (会员俱乐部, issue 17): levels by annual fee or by spend, points earned on
// what the customer pays and redeemed at settlement, every movement a ledger entry, recognised at
// every dealer of the network.

const fen = z.number().int().min(0).max(100_000_000_00);

export const clubLevelSettingSchema = z.object({
  level: z.enum(CLUB_LEVELS),
  annualFeeFen: fen.nullable(),
  spendFen: fen.nullable(),
  labourDiscountPercent: z.number().int().min(0).max(50),
  freeChecks: z.number().int().min(0).max(52),
  freeWashes: z.number().int().min(0).max(365),
  priorityBooking: z.boolean(),
});

const operationCodes = z.array(z.string().trim().min(1).max(30)).max(20);

const clubSettingsValuesSchema = z.object({
  levels: z.array(clubLevelSettingSchema).length(CLUB_LEVELS.length),
  benefitCodes: z.object({ check: operationCodes, wash: operationCodes }),
  earnPerYuan: z.object({ labour: z.number().int().min(0).max(100), parts: z.number().int().min(0).max(100) }),
  pointValueFen: z.number().int().min(1).max(100),
  maxRedeemPercent: z.number().int().min(1).max(100),
  minRedeemPoints: z.number().int().min(0).max(1_000_000),
  expiryMonths: z.number().int().min(1).max(120),
  crossDealerPayer: z.enum(CLUB_PAYERS),
});

/** The network's club settings (the car maker's admin); with the version read when settings were saved before. */
export const clubSettingsInputSchema = clubSettingsValuesSchema
  .extend({ version: z.number().int().min(1).optional() })
  .superRefine((s, ctx) => {
    s.levels.forEach((l, i) => {
      if (l.level !== CLUB_LEVELS[i]) ctx.addIssue({ code: 'custom', path: ['levels', i, 'level'], message: 'level_order' });
      const before = s.levels[i - 1];
      if (i > 0 && l.spendFen !== null && before?.spendFen != null && l.spendFen <= before.spendFen)
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'spendFen'], message: 'not_above_lower_level' });
    });
  });
export type ClubSettingsInput = z.infer<typeof clubSettingsInputSchema>;

export const clubSettingsSchema = clubSettingsValuesSchema.extend({
  /** 0: the defaults, never saved. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type ClubSettings = z.infer<typeof clubSettingsSchema>;

/** Joining the club at a dealer; with a fee level, the customer pays that level's annual fee at the cashier, by `method`. */
export const clubJoinSchema = z
  .object({ feeLevel: z.enum(['gold', 'platinum']).optional(), method: z.enum(CLUB_FEE_METHODS).optional() })
  .superRefine((j, ctx) => {
    if (j.feeLevel && !j.method) ctx.addIssue({ code: 'custom', path: ['method'], message: 'required' });
  });
export type ClubJoinInput = z.infer<typeof clubJoinSchema>;

/** An annual fee taken at the cashier: a year of the level, from today or from the end of the year already paid for it. */
export const clubFeeInputSchema = z.object({ level: z.enum(['gold', 'platinum']), method: z.enum(CLUB_FEE_METHODS) });
export type ClubFeeInput = z.infer<typeof clubFeeInputSchema>;

export const clubFeeSchema = z.object({
  id: idSchema,
  level: z.enum(CLUB_LEVELS),
  feeFen: z.number().int(),
  method: z.enum(CLUB_FEE_METHODS),
  paidFrom: calendarDateSchema,
  paidUntil: calendarDateSchema,
  dealer: z.object({ id: idSchema, name: z.string() }),
  at: z.string(),
});
export type ClubFee = z.infer<typeof clubFeeSchema>;

export const clubEntrySchema = z.object({
  id: idSchema,
  kind: z.enum(CLUB_ENTRY_KINDS),
  /** Signed: earned points are positive, redeemed and expired ones negative. */
  points: z.number().int(),
  dealer: z.object({ id: idSchema, name: z.string() }),
  /** The invoice an earning came from, the payment a redemption paid. */
  sourceId: idSchema,
  /** What the points paid (a redemption), in fen. */
  valueFen: z.number().int(),
  expiresOn: calendarDateSchema.nullable(),
  at: z.string(),
});
export type ClubEntry = z.infer<typeof clubEntrySchema>;

export const clubCardSchema = z.object({
  customerId: idSchema,
  joinedAt: z.string(),
  joinedDealer: z.object({ id: idSchema, name: z.string() }),
  level: z.enum(CLUB_LEVELS),
  feeLevel: z.enum(CLUB_LEVELS).nullable(),
  feePaidUntil: calendarDateSchema.nullable(),
  /** Paid at the network's dealers in the last 12 months (what levels by spend read). */
  spendFen12m: z.number().int(),
  nextLevel: z.object({ level: z.enum(CLUB_LEVELS), spendFen: z.number().int() }).nullable(),
  balance: z.number().int(),
  pointValueFen: z.number().int(),
  /** The points that expire first, and when. */
  expiring: z.object({ points: z.number().int(), on: calendarDateSchema }).nullable(),
  benefits: clubLevelSettingSchema,
  /** The level's free checks and washes still to use in the 12 months to today. */
  freeServicesLeft: z.object({ check: z.number().int(), wash: z.number().int() }),
  /** The newest movements first (at most 100). */
  entries: z.array(clubEntrySchema),
  /** Annual fees paid, newest first. */
  fees: z.array(clubFeeSchema),
  /** Whether this user may take an annual fee at this dealer's cashier. */
  canTakeFee: z.boolean(),
});
export type ClubCard = z.infer<typeof clubCardSchema>;
export const clubMembershipSchema = z.object({ membership: clubCardSchema.nullable() });
export type ClubMembership = z.infer<typeof clubMembershipSchema>;

/** What the cashier may take in points on an invoice now. */
export const invoicePointsSchema = z.object({
  member: z.boolean(),
  level: z.enum(CLUB_LEVELS).nullable(),
  balance: z.number().int(),
  pointValueFen: z.number().int(),
  minRedeemPoints: z.number().int(),
  /** The most the points may pay of what is still due, in fen (0: none). */
  maxFen: z.number().int(),
});
export type InvoicePoints = z.infer<typeof invoicePointsSchema>;

export const clubOverviewQuerySchema = z
  .object({ from: calendarDateSchema, to: calendarDateSchema, dealerId: idSchema.optional() })
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before_from' });
  });
export type ClubOverviewQuery = z.infer<typeof clubOverviewQuerySchema>;

const clubFiguresSchema = z.object({
  /** Members who joined at the dealer (all time), and in the period. */
  members: z.number().int(),
  newMembers: z.number().int(),
  pointsEarned: z.number().int(),
  pointsRedeemed: z.number().int(),
  /** Redeemed ÷ earned in the period (null: nothing earned). */
  redemptionRate: z.number().nullable(),
  /** Points redeemed here that were earned at another dealer, and earned here but redeemed at another. */
  redeemedHereEarnedElsewhere: z.number().int(),
  earnedHereRedeemedElsewhere: z.number().int(),
  /** What the dealer is owed (positive) or owes (negative) for points across dealers, by the network's rule, in fen. */
  balanceFen: z.number().int(),
  /** Annual fees taken at the dealer's cashier in the period. */
  feesFen: z.number().int(),
});
export const clubOverviewSchema = z.object({
  crossDealerPayer: z.enum(CLUB_PAYERS),
  pointValueFen: z.number().int(),
  dealers: z.array(clubFiguresSchema.extend({ dealer: z.object({ id: idSchema, name: z.string() }) })),
  total: clubFiguresSchema.extend({ carMakerOwesFen: z.number().int() }),
});
export type ClubOverview = z.infer<typeof clubOverviewSchema>;

/** A member's free service on an invoice: the labour line it made free. */
export const clubFreeServiceSchema = z.object({
  kind: z.enum(CLUB_FREE_SERVICES),
  lineId: idSchema,
  description: z.string(),
  fen: z.number().int(),
});
export type ClubFreeServiceUse = z.infer<typeof clubFreeServiceSchema>;
