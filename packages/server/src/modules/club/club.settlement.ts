import {
  type ClubLevel,
  type ClubSettingsValues,
  DEFAULT_CLUB_SETTINGS,
  labourDiscountFen,
  lineAmountFen,
  type RoLine,
} from '@servicebay/contracts';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type ClubSettingsRow, createClubRepository } from './club.repository.js';
import {
  addMonths,
  allocate,
  customerNetByCategory,
  earnedPoints,
  freeServicesLeft,
  freeServicesOn,
  levelOf,
  levelSetting,
  lots,
  redeemableFen,
  redemptionProblem,
} from './club.rules.js';

// The club's steps at settlement, each run inside the settlement's own transaction (the settlement
// service calls them; they are not a service of their own): the member's labour discount when the
// invoice is made, a payment in points, and the points earned when the invoice is paid.

export type ClubSettingsLoaded = ClubSettingsValues & { version: number; updatedAt: Date | null };

export function clubSettingsOf(row: ClubSettingsRow | undefined): ClubSettingsLoaded {
  if (!row) return { ...DEFAULT_CLUB_SETTINGS, version: 0, updatedAt: null };
  return {
    levels: row.levels,
    benefitCodes: row.benefit_codes,
    earnPerYuan: { labour: row.earn_labour_per_yuan, parts: row.earn_parts_per_yuan },
    pointValueFen: row.point_value_fen,
    maxRedeemPercent: row.max_redeem_percent,
    minRedeemPoints: row.min_redeem_points,
    expiryMonths: row.expiry_months,
    crossDealerPayer: row.cross_dealer_payer,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export async function loadClubSettings(tx: Database, networkId: string) {
  return clubSettingsOf(await createClubRepository(tx).settings(networkId));
}

/** 12 months before `now` (the window of levels by spend). */
export const yearBefore = (now: Date) => new Date(now.getTime() - 365 * 86_400_000);

/** The member's level now, or null when the customer is not a member. */
export async function memberLevel(
  tx: Database,
  networkId: string,
  customerId: string,
  now: Date,
  today: string,
  /** The club's settings, or how to load them: a caller that needs them only for members loads them only then. */
  settings: ClubSettingsValues | (() => Promise<ClubSettingsValues>),
) {
  const repo = createClubRepository(tx);
  const membership = await repo.membership(networkId, customerId);
  if (!membership) return null;
  const [levels, spend] = await Promise.all([
    typeof settings === 'function' ? settings().then((s) => s.levels) : settings.levels,
    repo.spendSince(networkId, customerId, yearBefore(now)),
  ]);
  return levelOf(levels, spend, { level: membership.fee_level, paidUntil: membership.fee_paid_until }, today);
}

type BilledLine = RoLine & { kind: 'labour' | 'parts' };
const clubLines = (lines: readonly BilledLine[]) =>
  lines.map((l) => ({ kind: l.kind, payType: l.payType, netFen: lineAmountFen(l).netFen }));

/** An invoice of a dealer, for a customer of the network. */
type InvoiceOfMember = { networkId: string; dealerId: string; customerId: string; invoiceId: string };

/** An invoice's line as the member's benefits read it. */
export type InvoiceLine = BilledLine & { id: string; code: string | null; description: string };

/**
 * The member's benefits on an invoice: the level's free checks and washes still left this year (the
 * member's row is locked, so two invoices at once cannot use the same one), then the level's discount
 * on the customer-paid labour that is not free. Null: not a member, or nothing at the level applies.
 */
export async function memberDiscount(
  tx: Database,
  input: { networkId: string; customerId: string; lines: readonly InvoiceLine[]; now: Date; today: string },
): Promise<{
  level: ClubLevel;
  labourDiscountPercent: number;
  discountFen: number;
  freeServices: ReturnType<typeof freeServicesOn>;
} | null> {
  const settings = await loadClubSettings(tx, input.networkId);
  const repo = createClubRepository(tx);
  if (!(await repo.lockMembership(input.networkId, input.customerId))) return null;
  const level = await memberLevel(tx, input.networkId, input.customerId, input.now, input.today, settings);
  if (!level) return null;
  const benefits = levelSetting(settings.levels, level);
  const used = await repo.benefitUsesSince(input.networkId, input.customerId, yearBefore(input.now));
  const priced = input.lines.map((l) => ({ ...l, netFen: lineAmountFen(l).netFen }));
  const freeServices = freeServicesOn(priced, settings.benefitCodes, freeServicesLeft(benefits, used));
  const free = new Set(freeServices.map((f) => f.lineId));
  const percent = benefits.labourDiscountPercent;
  const discountFen = labourDiscountFen(customerNetByCategory(clubLines(input.lines.filter((l) => !free.has(l.id)))).labour, percent);
  return discountFen > 0 || freeServices.length ? { level, labourDiscountPercent: percent, discountFen, freeServices } : null;
}

/** The free services an invoice used, written with the invoice: one row per line, counted at every dealer for a year. */
export async function recordFreeServices(
  tx: Database,
  input: InvoiceOfMember & {
    freeServices: ReturnType<typeof freeServicesOn>;
    now: Date;
  },
) {
  await createClubRepository(tx).insertBenefitUses(
    input.freeServices.map((f) => ({
      network_id: input.networkId,
      dealer_id: input.dealerId,
      ro_line_id: f.lineId,
      invoice_id: input.invoiceId,
      customer_id: input.customerId,
      kind: f.kind,
      value_fen: f.fen,
      at: input.now,
    })),
  );
}

/** A payment at the cashier of a dealer, on an invoice of a customer of the network. */
type PaymentOfMember = InvoiceOfMember & { paymentId: string };

/**
 * A payment in points: the member's row is locked first, so two redemptions of one member take turns
 * and the second sees the first's entry; then the limits and the balance are checked and the redeem
 * entry (keyed by the payment) is written with the earning dealers it takes from.
 */
export async function redeemPoints(
  tx: Database,
  input: PaymentOfMember & {
    amountFen: number;
    amountDueFen: number;
    paidFen: number;
    userId: string | null;
    now: Date;
  },
) {
  const repo = createClubRepository(tx);
  const membership = await repo.lockMembership(input.networkId, input.customerId);
  if (!membership) throw AppError.field('validation_failed', 'method', 'not_a_member', 'the customer is not a member of the club');
  const settings = await loadClubSettings(tx, input.networkId);
  const balance = await repo.balance(input.networkId, input.customerId);
  const paidInPointsFen = await repo.paidInPointsFen(input.dealerId, input.invoiceId);
  const problem = redemptionProblem(
    input.amountFen,
    { amountDueFen: input.amountDueFen, paidFen: input.paidFen, paidInPointsFen, balance },
    settings,
  );
  if (problem === 'points_insufficient')
    throw AppError.field('points_insufficient', 'amountFen', 'points_insufficient', `the member has ${balance} points`);
  if (problem) throw AppError.field('validation_failed', 'amountFen', problem, problem);
  const points = input.amountFen / settings.pointValueFen;
  const open = lots((await repo.ledger(input.networkId, input.customerId)).map(asLedgerEntry));
  const id = newId();
  await repo.appendEntry({
    id,
    network_id: input.networkId,
    customer_id: input.customerId,
    dealer_id: input.dealerId,
    kind: 'redeem',
    points: -points,
    value_fen: input.amountFen,
    source_id: input.paymentId,
    idempotency_key: `redeem:${input.paymentId}`,
    at: input.now,
    created_by: input.userId,
  });
  await repo.insertSources(
    allocate(open, points).map((a) => ({ network_id: input.networkId, redeem_id: id, earned_dealer_id: a.dealerId, points: a.points })),
  );
  return { points, balance: balance - points };
}

/** What a cashier may take in points on an invoice now. */
export async function pointsQuote(
  tx: Database,
  input: InvoiceOfMember & {
    amountDueFen: number;
    paidFen: number;
    now: Date;
    today: string;
  },
) {
  const repo = createClubRepository(tx);
  const settings = await loadClubSettings(tx, input.networkId);
  const level = await memberLevel(tx, input.networkId, input.customerId, input.now, input.today, settings);
  const balance = level ? await repo.balance(input.networkId, input.customerId) : 0;
  const paidInPointsFen = await repo.paidInPointsFen(input.dealerId, input.invoiceId);
  return {
    member: level !== null,
    level,
    balance,
    pointValueFen: settings.pointValueFen,
    minRedeemPoints: settings.minRedeemPoints,
    maxFen: level ? redeemableFen({ amountDueFen: input.amountDueFen, paidFen: input.paidFen, paidInPointsFen, balance }, settings) : 0,
  };
}

/**
 * Points earned when an invoice is paid, on the money paid of the customer-pay lines: once per
 * payment that settled the bill (its key), so an invoice paid again after a reversal earns again.
 */
export async function earnPoints(
  tx: Database,
  /** `paymentId`: the payment that settled the bill. */
  input: PaymentOfMember & {
    lines: readonly BilledLine[];
    amountDueFen: number;
    userId: string | null;
    now: Date;
    today: string;
  },
) {
  const repo = createClubRepository(tx);
  const membership = await repo.membership(input.networkId, input.customerId);
  if (!membership) return null;
  const settings = await loadClubSettings(tx, input.networkId);
  const net = customerNetByCategory(clubLines(input.lines));
  const paidInPointsFen = await repo.paidInPointsFen(input.dealerId, input.invoiceId);
  const earned = earnedPoints(
    { labourFen: net.labour, partsFen: net.parts, amountDueFen: input.amountDueFen, paidInPointsFen },
    settings.earnPerYuan,
  );
  if (earned.points <= 0) return null;
  await repo.appendEntry({
    id: newId(),
    network_id: input.networkId,
    customer_id: input.customerId,
    dealer_id: input.dealerId,
    kind: 'earn',
    points: earned.points,
    spend_fen: earned.spendFen,
    source_id: input.invoiceId,
    expires_on: addMonths(input.today, settings.expiryMonths),
    idempotency_key: `earn:${input.paymentId}`,
    at: input.now,
    created_by: input.userId,
  });
  return earned;
}

/**
 * A payment taken back, inside the reversal's transaction: a payment in points gives its points back
 * (to the lots it took from), and when the payment had settled the bill the points the bill earned
 * are taken back. Refused when the member has spent what the bill earned meanwhile.
 */
export async function reversePaymentPoints(
  tx: Database,
  input: PaymentOfMember & {
    method: string;
    /** The bill was paid in full: what it earned is taken back. */
    settled: boolean;
    userId: string;
    now: Date;
  },
) {
  const repo = createClubRepository(tx);
  const membership = await repo.lockMembership(input.networkId, input.customerId);
  if (!membership) return { restored: 0, takenBack: 0 };
  const entry = (kind: 'earn' | 'redeem', points: number, sourceId: string, valueFen = 0) =>
    repo.appendEntry({
      id: newId(),
      network_id: input.networkId,
      customer_id: input.customerId,
      dealer_id: input.dealerId,
      kind: 'reverse',
      points,
      value_fen: valueFen,
      source_id: sourceId,
      idempotency_key: `reverse:${sourceId}`,
      at: input.now,
      created_by: input.userId,
    });
  const redeemed =
    input.method === 'points' ? await repo.standingEntry(input.networkId, input.customerId, 'redeem', input.paymentId) : undefined;
  const earned = input.settled ? await repo.standingEntry(input.networkId, input.customerId, 'earn', input.invoiceId) : undefined;
  if (earned) {
    const balance = (await repo.balance(input.networkId, input.customerId)) + (redeemed ? -redeemed.points : 0);
    if (balance < earned.points)
      throw new AppError('points_already_spent', {
        detail: `the member has spent points this bill earned: ${balance} left of ${earned.points}`,
      });
  }
  if (redeemed) await entry('redeem', -redeemed.points, redeemed.id, redeemed.value_fen);
  if (earned) await entry('earn', -earned.points, earned.id);
  return { restored: redeemed ? -redeemed.points : 0, takenBack: earned?.points ?? 0 };
}

export const asLedgerEntry = (e: {
  id: string;
  kind: string;
  points: number;
  dealer_id: string;
  expires_on: string | null;
  source_id: string;
}) => ({
  id: e.id,
  points: e.points,
  dealerId: e.dealer_id,
  expiresOn: e.expires_on,
  lotId: e.kind === 'expire' || e.kind === 'reverse' ? e.source_id : null,
});
