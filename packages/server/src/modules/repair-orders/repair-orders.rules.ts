// Pure rules of the repair order (domain.md §2, §4) and of the next maintenance due (§5).
// No I/O: callers pass `now`/`today`, the dealer's settings and the rows they loaded.
// Money is integer fen; labour hours and part quantities have at most two decimals.
import { PAY_TYPES, RO_STATUSES, type Role } from '@servicebay/contracts';
import { addDays } from '../../platform/dealer-time.js';
import { rate } from '../appointments/appointments.rules.js';
import type { Reading } from '../vehicles/vehicles.rules.js';

// ---------------------------------------------------------------------------------------------
// Status machine

export { RO_STATUSES };
export type RoStatus = (typeof RO_STATUSES)[number];

export type RoTransitionCode =
  | 'illegal_transition'
  | 'already_invoiced'
  | 'no_lines'
  | 'promised_time_required'
  | 'promised_time_in_past'
  | 'signature_required'
  | 'reason_required';

export type RoTransitionContext = {
  /** Job lines on the RO (open → authorised needs at least one). */
  lineCount?: number;
  /** The promised delivery time written on the RO (交车时间). */
  promisedAt?: Date | null;
  /** When the customer signed the RO, authorising the work. */
  signedAt?: Date | null;
  /** Why QC failed, or why the RO is cancelled. */
  reason?: string | null;
  /** When given, the promised time must be later than this at authorisation. */
  now?: Date;
};

export type RoTransitionResult = { ok: true; rework: boolean } | { ok: false; code: RoTransitionCode; message: string };

const NEXT: Record<RoStatus, RoStatus | null> = {
  open: 'authorised',
  authorised: 'in_progress',
  in_progress: 'quality_check',
  quality_check: 'ready',
  ready: 'invoiced',
  invoiced: 'delivered',
  delivered: 'closed',
  closed: null,
  cancelled: null,
};
const CANCELLABLE: readonly RoStatus[] = ['open', 'authorised', 'in_progress'];
const INVOICED: readonly RoStatus[] = ['invoiced', 'delivered', 'closed'];

const hasText = (s: string | null | undefined) => typeof s === 'string' && s.trim().length > 0;
const refuse = (code: RoTransitionCode, message: string): RoTransitionResult => ({ ok: false, code, message });

/**
 * One step of the RO: open → authorised → in_progress → quality_check → ready → invoiced →
 * delivered → closed. A failed QC sends the car back to the workshop (quality_check → in_progress,
 * with the reason) and counts a rework. Cancelling needs a reason and is possible only before the
 * work is finished; an invoiced RO is never cancelled.
 */
export function roTransition(from: RoStatus, to: RoStatus, context: RoTransitionContext = {}): RoTransitionResult {
  if (to === 'cancelled') {
    if (INVOICED.includes(from)) return refuse('already_invoiced', `an RO that is ${from} cannot be cancelled`);
    if (!CANCELLABLE.includes(from)) return refuse('illegal_transition', `an RO in ${from} cannot be cancelled`);
    if (!hasText(context.reason)) return refuse('reason_required', 'give the reason for cancelling');
    return { ok: true, rework: false };
  }
  if (from === 'quality_check' && to === 'in_progress') {
    if (!hasText(context.reason)) return refuse('reason_required', 'give the reason the quality check failed');
    return { ok: true, rework: true };
  }
  if (NEXT[from] !== to) return refuse('illegal_transition', `an RO cannot go from ${from} to ${to}`);
  if (to === 'authorised') {
    if ((context.lineCount ?? 0) < 1) return refuse('no_lines', 'add at least one job line');
    if (!context.promisedAt) return refuse('promised_time_required', 'write the promised delivery time on the RO');
    if (context.now && context.promisedAt <= context.now) return refuse('promised_time_in_past', 'the promised delivery time has already passed');
    if (!context.signedAt) return refuse('signature_required', "the customer's signature authorises the work");
  }
  return { ok: true, rework: false };
}

export type LineEditMode = 'free' | 'needs_approval' | 'locked';

/**
 * How job lines may change: freely while the RO is open; once the customer has signed and until
 * the quality check only as additional work the customer approves; after that, not at all.
 */
export function lineEditMode(status: RoStatus): LineEditMode {
  if (status === 'open') return 'free';
  if (status === 'authorised' || status === 'in_progress') return 'needs_approval';
  return 'locked';
}

export const canEditLines = (status: RoStatus): boolean => lineEditMode(status) !== 'locked';

// ---------------------------------------------------------------------------------------------
// Lines and totals

export { PAY_TYPES };
export type PayType = (typeof PAY_TYPES)[number];

/** VAT on motor-vehicle repair and parts in China. */
export const VAT_RATE = 0.13;

/** A line discount: a percentage of the line (may have two decimals) or an amount in fen. */
export type LineDiscount = { percent: number } | { fen: number };

type LineBase = { payType: PayType; discount?: LineDiscount | null };
/** Labour: flat-rate hours (two decimals) at the hourly rate in fen. */
export type LabourLine = LineBase & { kind: 'labour'; hours: number; hourlyRateFen: number };
/** Parts: quantity (two decimals, e.g. 4.5 L of oil) at the unit price in fen. */
export type PartsLine = LineBase & { kind: 'parts'; quantity: number; unitPriceFen: number };
export type RoLine = LabourLine | PartsLine;

export type LineAmount = { grossFen: number; discountFen: number; netFen: number };

/** num ÷ den rounded half-up, for num ≥ 0 and den > 0, in exact integer arithmetic. */
const divRoundHalfUp = (num: number, den: number) => Math.floor((2 * num + den) / (2 * den));

function hundredths(value: number, what: string): number {
  const scaled = Math.round(value * 100);
  if (!Number.isFinite(value) || value < 0 || Math.abs(value * 100 - scaled) > 1e-6) throw new RangeError(`${what} must be ≥ 0 with at most two decimals, got ${value}`);
  return scaled;
}

function fen(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number of fen ≥ 0, got ${value}`);
  return value;
}

/**
 * What a line is worth: hours × rate or quantity × unit price, rounded half-up to the fen; less
 * its discount (a percentage, rounded half-up, or fen), never below zero.
 */
export function lineAmountFen(line: RoLine): LineAmount {
  const grossFen =
    line.kind === 'labour'
      ? divRoundHalfUp(hundredths(line.hours, 'hours') * fen(line.hourlyRateFen, 'hourlyRateFen'), 100)
      : divRoundHalfUp(hundredths(line.quantity, 'quantity') * fen(line.unitPriceFen, 'unitPriceFen'), 100);
  let discountFen = 0;
  const d = line.discount;
  if (d && 'percent' in d) {
    const basisPoints = hundredths(d.percent, 'discount percent');
    if (basisPoints > 10_000) throw new RangeError(`discount percent must be at most 100, got ${d.percent}`);
    discountFen = divRoundHalfUp(grossFen * basisPoints, 10_000);
  } else if (d) {
    discountFen = fen(d.fen, 'discount fen');
  }
  discountFen = Math.min(discountFen, grossFen);
  return { grossFen, discountFen, netFen: grossFen - discountFen };
}

/**
 * The tax contained in a tax-inclusive amount (prices are quoted with VAT):
 * round-half-up(amount × rate ÷ (1 + rate)), computed in basis points so that it is exact.
 */
export function vatContainedFen(amountFen: number, vatRate: number = VAT_RATE): number {
  const bp = Math.round(vatRate * 10_000);
  if (!(vatRate >= 0 && vatRate < 1) || Math.abs(vatRate * 10_000 - bp) > 1e-6) throw new RangeError(`VAT rate must be in [0, 1) with at most four decimals, got ${vatRate}`);
  return divRoundHalfUp(fen(amountFen, 'amount') * bp, 10_000 + bp);
}

export type PricedLine<L extends RoLine = RoLine> = L & { amount: LineAmount };
export type PayTypeTotals<L extends RoLine = RoLine> = LineAmount & { lines: PricedLine<L>[] };

export type RoTotals<L extends RoLine = RoLine> = {
  /** The invoice groups: each pay type's lines and subtotal. */
  byPayType: Record<PayType, PayTypeTotals<L>>;
  /** What the customer pays (the customer-pay net), tax included. */
  customerPayableFen: number;
  /** Lines the customer does not pay for (warranty, free first maintenance, goodwill, internal), to be explained at settlement. */
  freeItems: PricedLine<L>[];
  /** The VAT contained in the customer-payable amount. */
  taxIncludedFen: number;
  grossFen: number;
  discountFen: number;
  /** The value of all the work on the RO, whoever pays: always the sum of the line nets. */
  totalFen: number;
};

export function roTotals<L extends RoLine>(lines: readonly L[], options: { vatRate?: number } = {}): RoTotals<L> {
  const byPayType = Object.fromEntries(PAY_TYPES.map((p) => [p, { grossFen: 0, discountFen: 0, netFen: 0, lines: [] }])) as unknown as Record<PayType, PayTypeTotals<L>>;
  const freeItems: PricedLine<L>[] = [];
  let grossFen = 0;
  let discountFen = 0;
  let totalFen = 0;
  for (const line of lines) {
    const amount = lineAmountFen(line);
    const priced: PricedLine<L> = { ...line, amount };
    const group = byPayType[line.payType];
    group.grossFen += amount.grossFen;
    group.discountFen += amount.discountFen;
    group.netFen += amount.netFen;
    group.lines.push(priced);
    if (line.payType !== 'customer') freeItems.push(priced);
    grossFen += amount.grossFen;
    discountFen += amount.discountFen;
    totalFen += amount.netFen;
  }
  const customerPayableFen = byPayType.customer.netFen;
  return {
    byPayType,
    customerPayableFen,
    freeItems,
    taxIncludedFen: vatContainedFen(customerPayableFen, options.vatRate ?? VAT_RATE),
    grossFen,
    discountFen,
    totalFen,
  };
}

// ---------------------------------------------------------------------------------------------
// Discount authority

/** The largest discount, in percent of the gross, each role may give on its own (a dealer setting). */
export type DiscountLimits = Partial<Record<Role, number>>;
export const DEFAULT_DISCOUNT_LIMITS: DiscountLimits = { service_advisor: 5, service_manager: 15, general_manager: 100 };

/** True when none of the user's roles may give this discount alone, so a manager must approve it. */
export function discountNeedsApproval(discountFen: number, grossFen: number, roleLimits: DiscountLimits, roles: readonly Role[]): boolean {
  if (fen(discountFen, 'discountFen') === 0) return false;
  fen(grossFen, 'grossFen');
  return !roles.some((role) => {
    const limit = roleLimits[role];
    if (limit === undefined) return false;
    // discount ÷ gross ≤ limit %, compared in integers (limit in basis points).
    return discountFen * 10_000 <= Math.round(limit * 100) * grossFen;
  });
}

// ---------------------------------------------------------------------------------------------
// Additional work (增修项目)

export type AdditionalItemStatus = 'pending' | 'approved' | 'declined';
export type AdditionalItem<L extends RoLine = RoLine> = { line: L; safety: boolean; status: AdditionalItemStatus };

export type AdditionalItemDecision =
  | { outcome: 'approved' }
  | { outcome: 'declined'; hazardWording?: string | null; customerSignedAt?: Date | null };

export type AdditionalItemResult<L extends RoLine = RoLine> =
  | { ok: true; status: 'approved'; billableLine: L }
  | { ok: true; status: 'declined'; billableLine: null; hazardWording: string | null; customerSignedAt: Date | null }
  | { ok: false; code: 'already_decided' | 'hazard_wording_required' | 'signature_required'; message: string };

/**
 * The customer's answer to additional work found during the job. Approved, the item becomes a
 * billable line; declined, it is never billed — and when it affects safety (brake pads, tyres),
 * the RO must carry the hazard wording and the customer signs the declined item.
 */
export function additionalItemDecision<L extends RoLine>(item: AdditionalItem<L>, decision: AdditionalItemDecision): AdditionalItemResult<L> {
  if (item.status !== 'pending') return { ok: false, code: 'already_decided', message: `the customer has already ${item.status} this item` };
  if (decision.outcome === 'approved') return { ok: true, status: 'approved', billableLine: item.line };
  const hazardWording = hasText(decision.hazardWording) ? decision.hazardWording!.trim() : null;
  const customerSignedAt = decision.customerSignedAt ?? null;
  if (item.safety) {
    if (!hazardWording) return { ok: false, code: 'hazard_wording_required', message: 'record the safety hazard on the RO' };
    if (!customerSignedAt) return { ok: false, code: 'signature_required', message: 'the customer signs the declined safety item' };
  }
  return { ok: true, status: 'declined', billableLine: null, hazardWording, customerSignedAt };
}

/** Nothing is added to the bill without approval: only approved additional items are billed. */
export function billableAdditionalLines<L extends RoLine>(items: readonly AdditionalItem<L>[]): L[] {
  return items.filter((i) => i.status === 'approved').map((i) => i.line);
}

// ---------------------------------------------------------------------------------------------
// Next maintenance due (domain.md §5)

/** `date` (YYYY-MM-DD) plus whole months, kept within the month: Jan 31 + 1 month = Feb 28 (29). */
export function addMonths(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export type MaintenanceDueInput = {
  lastServiceOn: string;
  lastServiceKm: number;
  readings: readonly Reading[];
  intervalKm: number;
  intervalMonths: number;
  today: string;
};

export type MaintenanceDue = {
  dueOn: string;
  /** The odometer reading at which the distance interval is reached (estimated when the odometer was replaced since; null when unknown). */
  dueKm: number | null;
  /** Estimated km per day, one decimal; null without two readings on different days. */
  dailyKm: number | null;
  confidence: 'low' | 'medium' | 'high';
  /** Which interval sets the date; `time_only` when there was no usable mileage. */
  basis: 'time_only' | 'time' | 'distance';
  /** Readings (the last service counts as one) behind the daily mileage. */
  readingsUsed: number;
};

type Point = { on: string; km: number };

/**
 * Due date = the first date on which either the time or the distance interval since the last
 * maintenance is reached. Daily mileage comes from the readings of the current odometer (those
 * before a replacement are ignored) over the last 12 months, or the last 4 readings when those
 * reach further back; the last service is itself a reading.
 */
export function nextMaintenanceDue(input: MaintenanceDueInput): MaintenanceDue {
  const { lastServiceOn, lastServiceKm, intervalKm, intervalMonths, today } = input;
  if (!Number.isSafeInteger(intervalKm) || intervalKm <= 0 || !Number.isSafeInteger(intervalMonths) || intervalMonths <= 0) {
    throw new RangeError(`intervals must be positive whole numbers, got ${intervalKm} km / ${intervalMonths} months`);
  }
  const sorted = input.readings.filter((r) => r.readOn <= today).sort((a, b) => (a.readOn < b.readOn ? -1 : a.readOn > b.readOn ? 1 : 0));
  // The current odometer's life starts with the last replacement: on that day only the new odometer's reading counts.
  const replacedOn = sorted.reduce<string | null>((last, r) => (r.odometerReplaced && (last === null || r.readOn > last) ? r.readOn : last), null);
  const life = replacedOn === null ? sorted : sorted.filter((r) => r.readOn > replacedOn || (r.readOn === replacedOn && r.odometerReplaced));
  // A service on the day of the replacement is read on the new odometer.
  const serviceOnThisOdometer = replacedOn === null || lastServiceOn >= replacedOn;

  const byDay = new Map<string, number>();
  const note = (on: string, km: number) => byDay.set(on, Math.max(km, byDay.get(on) ?? -Infinity));
  for (const r of life) note(r.readOn, r.km);
  if (serviceOnThisOdometer && lastServiceOn <= today) note(lastServiceOn, lastServiceKm);
  const points: Point[] = [...byDay].map(([on, km]) => ({ on, km })).sort((a, b) => (a.on < b.on ? -1 : 1));

  const since = addMonths(today, -12);
  let window = points.filter((p) => p.on >= since);
  if (window.length < 4) window = points.slice(-4);
  const first = window[0];
  const latest = points.at(-1);
  const spanDays = first && latest ? daysBetween(first.on, latest.on) : 0;
  const spanKm = first && latest ? latest.km - first.km : 0;
  const hasRate = spanDays >= 1 && spanKm >= 0;

  const timeDueOn = addMonths(lastServiceOn, intervalMonths);
  let distanceDueOn: string | null = null;
  let dueKm: number | null = null;
  if (serviceOnThisOdometer) {
    dueKm = lastServiceKm + intervalKm;
    const i = points.findIndex((p) => p.on >= lastServiceOn && p.km >= dueKm!);
    const q = points[i];
    const p = points[i - 1];
    if (q && p && q.km > p.km) {
      // Already driven: interpolate the day the distance was reached.
      distanceDueOn = addDays(p.on, Math.ceil(((dueKm - p.km) * daysBetween(p.on, q.on)) / (q.km - p.km)));
    } else if (q) {
      distanceDueOn = q.on;
    } else if (hasRate && spanKm > 0 && latest) {
      distanceDueOn = addDays(latest.on, Math.ceil(((dueKm - latest.km) * spanDays) / spanKm));
    }
  } else if (hasRate && latest) {
    // The odometer was replaced since the last service: the distance since then is estimated from the daily mileage.
    if (spanKm > 0) {
      distanceDueOn = addDays(lastServiceOn, Math.ceil((intervalKm * spanDays) / spanKm));
      dueKm = latest.km + Math.round((spanKm * daysBetween(latest.on, distanceDueOn)) / spanDays);
    }
  }

  const distanceFirst = distanceDueOn !== null && distanceDueOn < timeDueOn;
  let confidence: MaintenanceDue['confidence'] = 'low';
  if (hasRate && window.length >= 3 && spanDays >= 90) confidence = 'high';
  else if (hasRate && spanDays >= 30) confidence = 'medium';
  if (!serviceOnThisOdometer && confidence === 'high') confidence = 'medium';

  return {
    dueOn: distanceFirst ? distanceDueOn! : timeDueOn,
    dueKm,
    dailyKm: hasRate ? Math.round((10 * spanKm) / spanDays) / 10 : null,
    confidence,
    basis: distanceFirst ? 'distance' : hasRate || distanceDueOn !== null ? 'time' : 'time_only',
    readingsUsed: hasRate ? window.length : 0,
  };
}

// ---------------------------------------------------------------------------------------------
// KPIs (domain.md §11): percentages with one decimal, null when there is nothing to divide by.

/** Delivered by the promised time ÷ delivered ROs; ROs not yet delivered do not count. */
export function onTimeDeliveryRate(ros: readonly { promisedAt: Date; deliveredAt: Date | null }[]): number | null {
  const delivered = ros.filter((r) => r.deliveredAt !== null);
  return rate(delivered.filter((r) => r.deliveredAt! <= r.promisedAt).length, delivered.length);
}

/** ROs sent back from the quality check at least once ÷ ROs that went through it. */
export function reworkRate(ros: readonly { reworkCount: number }[]): number | null {
  return rate(ros.filter((r) => r.reworkCount > 0).length, ros.length);
}

/** Labour hours sold (flat rate on the ROs) ÷ hours clocked by the technicians. */
export function labourEfficiency(soldHours: number, clockedHours: number): number | null {
  return rate(Math.round(soldHours * 100), Math.round(clockedHours * 100));
}

// ---------------------------------------------------------------------------------------------

/** The people-facing RO number of a dealer's day: RO-YYYYMMDD-NNNN (the counter is `nextDailyNumber`). */
export function roNumber(day: string, sequence: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`bad RO number parts ${day} / ${sequence}`);
  return `RO-${day.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}
