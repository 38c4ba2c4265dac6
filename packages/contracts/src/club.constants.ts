// The brand's owners' club (会员俱乐部, issue 17). Zod-free, so that a page reading these at runtime
// does not load zod and the schemas (see constants.ts).

/** The club's levels, lowest first: silver is where every member starts. */
export const CLUB_LEVELS = ['silver', 'gold', 'platinum'] as const;
export type ClubLevel = (typeof CLUB_LEVELS)[number];

/** Every movement of points is one ledger entry of one of these kinds (never an updated balance). */
export const CLUB_ENTRY_KINDS = ['earn', 'redeem', 'reverse', 'expire', 'adjust'] as const;
export type ClubEntryKind = (typeof CLUB_ENTRY_KINDS)[number];

/** Who pays for points redeemed at a dealer other than the one where they were earned (a network setting). */
export const CLUB_PAYERS = ['earning_dealer', 'redeeming_dealer', 'car_maker'] as const;
export type ClubPayer = (typeof CLUB_PAYERS)[number];

/** The RO line categories points are earned on, each at its own rate. */
export const CLUB_EARN_CATEGORIES = ['labour', 'parts'] as const;

/** Only what the customer pays earns points: warranty, internal, goodwill and free-first-maintenance lines earn nothing. */
export const CLUB_EARNING_PAY_TYPES = ['customer'] as const;

/** Points expire this many months after they were earned unless the network sets otherwise. */
export const DEFAULT_CLUB_EXPIRY_MONTHS = 24;

export type ClubLevelSetting = {
  level: ClubLevel;
  /** Paying this fee a year gives the level (null: not for sale). */
  annualFeeFen: number | null;
  /** Spending this much in 12 months at the network's dealers earns the level (null: not by spend). */
  spendFen: number | null;
  /** The discount on customer-paid labour at settlement, in percent. */
  labourDiscountPercent: number;
  /** Free checks and washes a year, and priority booking: shown on the card. */
  freeChecks: number;
  freeWashes: number;
  priorityBooking: boolean;
};

/** The free services a level gives, applied at settlement to the labour lines of the named operation codes. */
export const CLUB_FREE_SERVICES = ['check', 'wash'] as const;
export type ClubFreeService = (typeof CLUB_FREE_SERVICES)[number];

/** Payment methods for an annual fee (money only: points never buy a level). */
export const CLUB_FEE_METHODS = ['cash', 'card', 'wechat_pay', 'alipay'] as const;
export type ClubFeeMethod = (typeof CLUB_FEE_METHODS)[number];

export type ClubSettingsValues = {
  levels: ClubLevelSetting[];
  /** The brand's labour operation codes that a member's free check or wash makes free. */
  benefitCodes: Record<ClubFreeService, string[]>;
  /** Points per yuan paid, per category of RO line. */
  earnPerYuan: { labour: number; parts: number };
  /** What one point pays, in fen. */
  pointValueFen: number;
  /** Points may pay at most this share of an invoice's amount due, in percent. */
  maxRedeemPercent: number;
  /** The fewest points a redemption may use. */
  minRedeemPoints: number;
  expiryMonths: number;
  crossDealerPayer: ClubPayer;
};

/** The club of a network that saved no settings: silver on joining, gold and platinum by fee or spend. */
export const DEFAULT_CLUB_SETTINGS: ClubSettingsValues = {
  levels: [
    { level: 'silver', annualFeeFen: null, spendFen: 0, labourDiscountPercent: 0, freeChecks: 1, freeWashes: 0, priorityBooking: false },
    {
      level: 'gold',
      annualFeeFen: 19_900,
      spendFen: 500_000,
      labourDiscountPercent: 5,
      freeChecks: 2,
      freeWashes: 4,
      priorityBooking: true,
    },
    {
      level: 'platinum',
      annualFeeFen: 99_900,
      spendFen: 2_000_000,
      labourDiscountPercent: 10,
      freeChecks: 4,
      freeWashes: 12,
      priorityBooking: true,
    },
  ],
  benefitCodes: { check: [], wash: [] },
  earnPerYuan: { labour: 2, parts: 1 },
  pointValueFen: 1,
  maxRedeemPercent: 50,
  minRedeemPoints: 100,
  expiryMonths: DEFAULT_CLUB_EXPIRY_MONTHS,
  crossDealerPayer: 'earning_dealer',
};
