// Pure rules of the service drive's state (domain.md §4; issue 12 §5). No I/O.
import type { DriveStage } from '@servicebay/contracts';
import type { RoStatus } from '../repair-orders/repair-orders.rules.js';

const STAGE_OF: Record<RoStatus, DriveStage | null> = {
  open: 'waiting_signature',
  authorised: 'in_workshop',
  in_progress: 'in_workshop',
  quality_check: 'quality_check',
  ready: 'ready',
  invoiced: 'ready',
  delivered: 'delivered',
  closed: 'delivered',
  cancelled: null,
};

/**
 * Where a visit stands on the drive, from its leading repair order: without one (or with only
 * cancelled ones) the car has arrived and waits for its RO; an unsigned RO waits for the
 * customer's signature; signed and until the check, it is in the workshop; then at QC; ready (paid
 * or not) until delivery.
 */
export function driveStage(orderStatus: RoStatus | null): DriveStage {
  if (orderStatus === null) return 'arrived';
  return STAGE_OF[orderStatus] ?? 'arrived';
}

/** The order that says where a visit stands: its latest repair order that is not cancelled. */
export function leadingOrder<O extends { status: string; createdAt: Date; id: string }>(orders: readonly O[]): O | null {
  let lead: O | null = null;
  for (const o of orders) {
    if (o.status === 'cancelled') continue;
    if (!lead || o.createdAt > lead.createdAt || (o.createdAt.getTime() === lead.createdAt.getTime() && o.id > lead.id)) lead = o;
  }
  return lead;
}

export type VisitCancelRefusal = { ok: false; code: 'visit_not_open' | 'repair_order_signed'; message: string };

/**
 * A visit opened by mistake may be cancelled while it is open and none of its live repair orders
 * has been signed by the customer: an unsigned RO is cancelled with it. Once an RO is signed the
 * work is authorised and may have started, so the visit is refused; the RO must be cancelled on its
 * own first (its own rule and reason), after which a car whose work was called off can leave the
 * drive.
 */
export function visitCancellable(visitStatus: string, orders: readonly { status: string }[]): { ok: true } | VisitCancelRefusal {
  if (visitStatus !== 'open') return { ok: false, code: 'visit_not_open', message: `a ${visitStatus} visit cannot be cancelled` };
  if (orders.some((o) => o.status !== 'open' && o.status !== 'cancelled'))
    return { ok: false, code: 'repair_order_signed', message: 'the customer has signed a repair order of this visit' };
  return { ok: true };
}
