import crypto from 'node:crypto';
import { formatPlate, lineAmountFen, type RepairOrder, type RoLine, roTotals, type Visit } from '@servicebay/contracts';
import type { Actor } from '../../platform/actor.js';
import { type ContactView, viewMobile } from '../customers/customers.presenter.js';
import { repairOrderAbilities } from './repair-orders.policy.js';
import type { RepairOrderRow, RoLineRow, VisitRow } from './repair-orders.repository.js';

// How repair orders and visits leave the server: shared by the order, workshop and settlement
// services and the documents, so none of them imports another's service.

/** A stored line as the rules price it: the one mapping the screen, the invoice and the documents share. */
export const toRuleLine = (row: RoLineRow): RoLine =>
  row.kind === 'labour'
    ? {
        kind: 'labour',
        payType: row.pay_type,
        hours: Number(row.hours),
        hourlyRateFen: row.hourly_rate_fen!,
        discount: row.discount_percent !== null ? { percent: Number(row.discount_percent) } : null,
      }
    : {
        kind: 'parts',
        payType: row.pay_type,
        quantity: Number(row.quantity),
        unitPriceFen: row.unit_price_fen!,
        discount: row.discount_percent !== null ? { percent: Number(row.discount_percent) } : null,
      };

/** Gross, discount and net per pay type, without the priced lines. */
export const amountsByPayType = (totals: ReturnType<typeof roTotals>) =>
  Object.fromEntries(
    Object.entries(totals.byPayType).map(([payType, t]) => [
      payType,
      { grossFen: t.grossFen, discountFen: t.discountFen, netFen: t.netFen },
    ]),
  ) as RepairOrder['totals']['byPayType'];

export function presentVisit(row: VisitRow, timelyMinutes: number, view: ContactView): Visit {
  return {
    id: row.id,
    appointmentId: row.appointment_id,
    customer: { id: row.customer_id, name: row.customer_name, mobile: viewMobile(row.customer_mobile, view) },
    vehicle: { id: row.vehicle_id, plate: formatPlate(row.plate_key), vin: row.vin, modelName: row.model_name },
    sa: row.sa_id && row.sa_name ? { id: row.sa_id, name: row.sa_name } : null,
    arrivedAt: row.arrived_at.toISOString(),
    greetedAt: row.greeted_at.toISOString(),
    timelyReception: row.greeted_at.getTime() - row.arrived_at.getTime() <= timelyMinutes * 60_000,
    status: row.status,
    cancelReason: row.cancel_reason,
  };
}

/** Nothing may be done to it: what a record kept for the audit trail carries. */
const NO_ABILITIES: RepairOrder['can'] = {
  edit: false,
  sign: false,
  advance: false,
  cancel: false,
  proposeWork: false,
  deliver: false,
  shareProgress: false,
  invoice: false,
  dispatch: false,
  qualityCheck: false,
  reversePayment: false,
};

/** The order as the screens get it; `actor` (null for the audit trail's copy) decides `can`. */
export function presentRepairOrder(row: RepairOrderRow, lines: RoLineRow[], view: ContactView, actor: Actor | null = null): RepairOrder {
  const mine = lines.filter((l) => l.repair_order_id === row.id);
  const totals = roTotals(mine.map(toRuleLine));
  const byPayType = amountsByPayType(totals);
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    visitId: row.visit_id,
    customer: { id: row.customer_id, name: row.customer_name, mobile: viewMobile(row.customer_mobile, view) },
    vehicle: { id: row.vehicle_id, plate: formatPlate(row.plate_key), vin: row.vin, modelName: row.model_name },
    sa: row.sa_id && row.sa_name ? { id: row.sa_id, name: row.sa_name } : null,
    concerns: row.concerns,
    diagnosis: row.diagnosis,
    promisedAt: row.promised_at.toISOString(),
    odometerKm: row.odometer_km,
    signedAt: row.signed_at?.toISOString() ?? null,
    signedContentHash: row.signed_content_hash,
    reworkCount: row.rework_count,
    invoiceId: row.invoice_id ?? null,
    lines: mine.map((l) => ({
      id: l.id,
      position: l.position,
      kind: l.kind,
      code: l.code,
      description: l.description,
      payType: l.pay_type,
      hours: l.hours === null ? null : Number(l.hours),
      hourlyRateFen: l.hourly_rate_fen,
      quantity: l.quantity === null ? null : Number(l.quantity),
      unitPriceFen: l.unit_price_fen,
      discountPercent: l.discount_percent === null ? null : Number(l.discount_percent),
      amount: lineAmountFen(toRuleLine(l)),
    })),
    totals: {
      byPayType,
      customerPayableFen: totals.customerPayableFen,
      taxIncludedFen: totals.taxIncludedFen,
      totalFen: totals.totalFen,
      freeItemCount: totals.freeItems.length,
    },
    version: row.version,
    createdAt: row.created_at.toISOString(),
    dealer: { id: row.dealer_id, name: row.dealer_name },
    can: actor ? repairOrderAbilities(actor, row) : NO_ABILITIES,
  };
}

/** What the customer signs: the order as it reads at that moment, hashed, so the signature proves what it covered. */
export function signedContentHash(order: RepairOrder): string {
  const content = {
    number: order.number,
    customer: order.customer.id,
    vehicle: order.vehicle.vin,
    concerns: order.concerns,
    diagnosis: order.diagnosis,
    promisedAt: order.promisedAt,
    lines: order.lines.map((l) => [l.position, l.kind, l.code, l.description, l.payType, l.hours, l.quantity, l.amount.netFen]),
    totalFen: order.totals.totalFen,
    customerPayableFen: order.totals.customerPayableFen,
  };
  return crypto.createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
