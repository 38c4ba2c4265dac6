import {
  CLUB_FREE_SERVICES,
  CLUB_LEVELS,
  type ClubFreeService,
  type ClubLevel,
  type ClubLevelSetting,
  type ClubPayer,
  type ClubSettingsValues,
  type PayType,
} from '@servicebay/contracts';

// The owners' club's rules, pure (issue 17): points earned on what the customer paid, the redemption
// limits, the member's level, expiry oldest-first, and the balance between dealers.

/** A calendar day N months later (the 31st of a shorter month is its last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** An RO line as the club reads it: its category, pay type and net amount. */
export type ClubLine = { kind: 'labour' | 'parts'; payType: PayType; netFen: number };

/** What the customer pays per category (only customer-pay lines earn: warranty, internal, goodwill, first maintenance do not). */
export function customerNetByCategory(lines: readonly ClubLine[]): { labour: number; parts: number } {
  const sum = { labour: 0, parts: 0 };
  for (const line of lines) if (line.payType === 'customer') sum[line.kind] += line.netFen;
  return sum;
}

/**
 * Points earned on a paid invoice: the money paid (the amount due less what points paid) is spread
 * over the categories in proportion to their customer-pay amounts, each earning its rate per yuan.
 * Points never earn points; a discount earns nothing.
 */
export function earnedPoints(
  input: { labourFen: number; partsFen: number; amountDueFen: number; paidInPointsFen: number },
  rates: ClubSettingsValues['earnPerYuan'],
): { points: number; spendFen: number } {
  const base = input.labourFen + input.partsFen;
  const moneyFen = Math.max(0, input.amountDueFen - input.paidInPointsFen);
  if (base <= 0 || moneyFen <= 0) return { points: 0, spendFen: moneyFen };
  const paidShare = (fen: number) => Math.floor((fen * Math.min(moneyFen, base)) / base);
  const points =
    Math.floor((paidShare(input.labourFen) * rates.labour) / 100) + Math.floor((paidShare(input.partsFen) * rates.parts) / 100);
  return { points, spendFen: moneyFen };
}

/** The level a member holds: the highest earned by 12 months' spend or bought by a fee still paid for. */
export function levelOf(
  levels: readonly ClubLevelSetting[],
  spendFen12m: number,
  fee: { level: ClubLevel | null; paidUntil: string | null },
  today: string,
): ClubLevel {
  let rank = 0;
  levels.forEach((l) => {
    const r = CLUB_LEVELS.indexOf(l.level);
    if (l.spendFen !== null && spendFen12m >= l.spendFen && r > rank) rank = r;
  });
  if (fee.level && fee.paidUntil && fee.paidUntil >= today) rank = Math.max(rank, CLUB_LEVELS.indexOf(fee.level));
  return CLUB_LEVELS[rank]!;
}

/** The next level reachable by spend above the one held, and the spend it needs. */
export function nextLevelBySpend(levels: readonly ClubLevelSetting[], current: ClubLevel): { level: ClubLevel; spendFen: number } | null {
  const next = levels.find((l) => CLUB_LEVELS.indexOf(l.level) > CLUB_LEVELS.indexOf(current) && l.spendFen !== null);
  return next ? { level: next.level, spendFen: next.spendFen! } : null;
}

export const levelSetting = (levels: readonly ClubLevelSetting[], level: ClubLevel) => levels.find((l) => l.level === level)!;

/**
 * The most points may pay now, in fen: the share of the amount due the network allows less what
 * points already paid, what is still due, and the member's balance, in whole points; 0 when that is
 * fewer points than the minimum.
 */
export function redeemableFen(
  input: { amountDueFen: number; paidFen: number; paidInPointsFen: number; balance: number },
  settings: Pick<ClubSettingsValues, 'pointValueFen' | 'maxRedeemPercent' | 'minRedeemPoints'>,
): number {
  const byShare = Math.floor((input.amountDueFen * settings.maxRedeemPercent) / 100) - input.paidInPointsFen;
  const fen = Math.min(byShare, input.amountDueFen - input.paidFen, input.balance * settings.pointValueFen);
  const points = Math.floor(Math.max(0, fen) / settings.pointValueFen);
  if (points <= 0 || points < settings.minRedeemPoints) return 0;
  return points * settings.pointValueFen;
}

export type RedemptionProblem = 'not_whole_points' | 'below_minimum' | 'over_limit' | 'points_insufficient';

/** Why a payment of `amountFen` in points is refused (null: it may be taken). */
export function redemptionProblem(
  amountFen: number,
  input: { amountDueFen: number; paidFen: number; paidInPointsFen: number; balance: number },
  settings: Pick<ClubSettingsValues, 'pointValueFen' | 'maxRedeemPercent' | 'minRedeemPoints'>,
): RedemptionProblem | null {
  if (amountFen % settings.pointValueFen !== 0) return 'not_whole_points';
  const points = amountFen / settings.pointValueFen;
  if (points < settings.minRedeemPoints) return 'below_minimum';
  if (amountFen + input.paidInPointsFen > Math.floor((input.amountDueFen * settings.maxRedeemPercent) / 100)) return 'over_limit';
  if (points > input.balance) return 'points_insufficient';
  return null;
}

/**
 * A ledger entry as the lots read it, in ledger order. `lotId`: the entry a taking undoes (an expiry
 * or a reversed earning names its earning) or the redemption a giving-back restores (a reversed
 * redemption).
 */
export type LedgerEntry = { id: string; points: number; dealerId: string; expiresOn: string | null; lotId?: string | null };
export type Lot = { id: string; dealerId: string; expiresOn: string | null; remaining: number };

/**
 * What is left of each earning: points added make a lot; points taken name their lot (an expiry, a
 * reversed earning) or are taken from the lots that expire first (a redemption), oldest first; a
 * reversed redemption puts back into each lot what the redemption took from it.
 */
export function lots(entries: readonly LedgerEntry[]): Lot[] {
  const open: Lot[] = [];
  const taken = new Map<string, { lot: Lot; points: number }[]>();
  for (const entry of entries) {
    const restores = entry.points > 0 && entry.lotId ? taken.get(entry.lotId) : undefined;
    if (restores) {
      for (const take of restores) take.lot.remaining += take.points;
      taken.delete(entry.lotId!);
      continue;
    }
    if (entry.points > 0) {
      open.push({ id: entry.id, dealerId: entry.dealerId, expiresOn: entry.expiresOn, remaining: entry.points });
      continue;
    }
    const takes: { lot: Lot; points: number }[] = [];
    const take = (lot: Lot, wanted: number) => {
      const points = Math.min(wanted, lot.remaining);
      lot.remaining -= points;
      if (points > 0) takes.push({ lot, points });
      return points;
    };
    let left = -entry.points;
    const named = entry.lotId ? open.find((l) => l.id === entry.lotId) : undefined;
    if (named) left -= take(named, left);
    for (const lot of firstToExpire(open)) {
      if (left === 0) break;
      left -= take(lot, left);
    }
    taken.set(entry.id, takes);
  }
  return open.filter((l) => l.remaining > 0);
}

/** Lots in the order points are taken from them: the soonest to expire first, never-expiring last. */
function firstToExpire(open: readonly Lot[]): Lot[] {
  return open
    .map((lot, i) => ({ lot, i }))
    .sort((a, b) => (a.lot.expiresOn ?? '9999').localeCompare(b.lot.expiresOn ?? '9999') || a.i - b.i)
    .map((x) => x.lot);
}

/** The earning dealers a redemption of `points` takes from, soonest to expire first. */
export function allocate(open: readonly Lot[], points: number): { dealerId: string; points: number }[] {
  const byDealer = new Map<string, number>();
  let left = points;
  for (const lot of firstToExpire(open)) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    byDealer.set(lot.dealerId, (byDealer.get(lot.dealerId) ?? 0) + take);
    left -= take;
  }
  return [...byDealer].map(([dealerId, p]) => ({ dealerId, points: p }));
}

/** The lots that have expired by `today` (on their expiry day) with points left: each becomes one expire entry. */
export function dueExpiries(open: readonly Lot[], today: string): Lot[] {
  return open.filter((l) => l.expiresOn !== null && l.expiresOn <= today && l.remaining > 0);
}

/**
 * The balance between dealers for points redeemed where they were not earned, in fen: with the
 * earning dealer paying, a dealer is owed what it redeemed for others and owes what others redeemed
 * of its points; with the redeeming dealer paying there is nothing to settle; with the car maker
 * paying, the car maker owes each dealer what it redeemed for others.
 */
export function crossDealerBalance(
  payer: ClubPayer,
  pointValueFen: number,
  figures: { redeemedHereEarnedElsewhere: number; earnedHereRedeemedElsewhere: number },
): { balanceFen: number; carMakerOwesFen: number } {
  if (payer === 'redeeming_dealer') return { balanceFen: 0, carMakerOwesFen: 0 };
  if (payer === 'car_maker') {
    const owed = figures.redeemedHereEarnedElsewhere * pointValueFen;
    return { balanceFen: owed, carMakerOwesFen: owed };
  }
  return { balanceFen: (figures.redeemedHereEarnedElsewhere - figures.earnedHereRedeemedElsewhere) * pointValueFen, carMakerOwesFen: 0 };
}

/** A labour line as the free services read it. */
export type BenefitLine = {
  id: string;
  kind: 'labour' | 'parts';
  payType: PayType;
  code: string | null;
  description: string;
  netFen: number;
};

/**
 * The level's free checks and washes on an invoice: each customer-pay labour line whose operation
 * code the network names for a service is free while the member has that service left, in line order.
 */
export function freeServicesOn(
  lines: readonly BenefitLine[],
  codes: Record<ClubFreeService, readonly string[]>,
  left: Record<ClubFreeService, number>,
): { kind: ClubFreeService; lineId: string; description: string; fen: number }[] {
  const remaining = { ...left };
  const free: { kind: ClubFreeService; lineId: string; description: string; fen: number }[] = [];
  for (const line of lines) {
    if (line.kind !== 'labour' || line.payType !== 'customer' || line.code === null || line.netFen <= 0) continue;
    const kind = CLUB_FREE_SERVICES.find((k) => codes[k].includes(line.code!));
    if (!kind || remaining[kind] <= 0) continue;
    remaining[kind] -= 1;
    free.push({ kind, lineId: line.id, description: line.description, fen: line.netFen });
  }
  return free;
}

/** What is left of the level's free services a year, after the uses of the last 12 months. */
export const freeServicesLeft = (level: Pick<ClubLevelSetting, 'freeChecks' | 'freeWashes'>, used: Record<ClubFreeService, number>) => ({
  check: Math.max(0, level.freeChecks - used.check),
  wash: Math.max(0, level.freeWashes - used.wash),
});

/**
 * The year an annual fee paid today buys: renewing the level still paid for continues from the day
 * after its paid-until; a first fee, an expired one or a higher level starts today. Null: a lower
 * level than the one still paid for (it would buy nothing).
 */
export function feeYear(
  current: { level: ClubLevel | null; paidUntil: string | null },
  level: ClubLevel,
  today: string,
): { paidFrom: string; paidUntil: string } | null {
  const running = current.level !== null && current.paidUntil !== null && current.paidUntil >= today;
  if (running && CLUB_LEVELS.indexOf(level) < CLUB_LEVELS.indexOf(current.level!)) return null;
  const paidFrom = running && current.level === level ? nextDay(current.paidUntil!) : today;
  return { paidFrom, paidUntil: addMonths(paidFrom, 12) };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
