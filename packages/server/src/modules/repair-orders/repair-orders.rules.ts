// Pure rules of the repair order (domain.md §2, §4); the next maintenance due (§5) is follow-up.rules.ts#maintenanceDue.
// No I/O: callers pass `now`/`today`, the dealer's settings and the rows they loaded.
// Money is integer fen; labour hours and part quantities have at most two decimals.
import { PAY_TYPES, RO_STATUSES, type RoLine, type Role, wholeFen } from '@servicebay/contracts';
import { rate } from '../appointments/appointments.rules.js';

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
    if (context.now && context.promisedAt <= context.now)
      return refuse('promised_time_in_past', 'the promised delivery time has already passed');
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
// Lines and totals: the pricing itself (lineAmountFen, roTotals, vatContainedFen) lives in
// contracts (repair-order-pricing.ts), so that the web form quotes with the same function.

export { PAY_TYPES };

// ---------------------------------------------------------------------------------------------
// Discount authority

/** The largest discount, in percent of the gross, each role may give on its own (a dealer setting). */
export type DiscountLimits = Partial<Record<Role, number>>;
export const DEFAULT_DISCOUNT_LIMITS: DiscountLimits = { service_advisor: 5, service_manager: 15, general_manager: 100 };

/** True when none of the user's roles may give this discount alone, so a manager must approve it. */
export function discountNeedsApproval(discountFen: number, grossFen: number, roleLimits: DiscountLimits, roles: readonly Role[]): boolean {
  if (wholeFen(discountFen, 'discountFen') === 0) return false;
  wholeFen(grossFen, 'grossFen');
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
export function additionalItemDecision<L extends RoLine>(
  item: AdditionalItem<L>,
  decision: AdditionalItemDecision,
): AdditionalItemResult<L> {
  if (item.status !== 'pending')
    return { ok: false, code: 'already_decided', message: `the customer has already ${item.status} this item` };
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
// Calendar arithmetic of the maintenance due prediction (follow-up.rules.ts#maintenanceDue)

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
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

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
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`bad RO number parts ${day} / ${sequence}`);
  return `RO-${day.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}
