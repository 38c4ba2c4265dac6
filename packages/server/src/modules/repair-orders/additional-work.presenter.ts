import {
  type AdditionalItem,
  type DeclinedRecommendation,
  lineAmountFen,
  maskPlate,
  type PublicAdditionalItem,
  type RoLine,
} from '@servicebay/contracts';
import type { AdditionalItemByTokenRow, AdditionalItemRow } from './additional-work.repository.js';

type ItemColumns = Pick<AdditionalItemRow, 'kind' | 'pay_type' | 'hours' | 'hourly_rate_fen' | 'quantity' | 'unit_price_fen'>;

/** The item as a job line for the rules (additional items carry no discount). */
export const itemLine = (row: ItemColumns): RoLine =>
  row.kind === 'labour'
    ? { kind: 'labour', payType: row.pay_type, hours: Number(row.hours), hourlyRateFen: row.hourly_rate_fen! }
    : { kind: 'parts', payType: row.pay_type, quantity: Number(row.quantity), unitPriceFen: row.unit_price_fen! };

/** What the customer would pay for the item: nothing when someone else pays (warranty, goodwill, …). */
export function customerPaysFen(row: ItemColumns): number {
  return row.pay_type === 'customer' ? lineAmountFen(itemLine(row)).netFen : 0;
}

const photosOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : []);

export function presentAdditionalItem(row: AdditionalItemRow, now: Date): AdditionalItem {
  const linkLive = row.token_expires_at !== null && row.token_used_at === null && row.token_expires_at > now && row.status === 'pending';
  return {
    id: row.id,
    repairOrderId: row.repair_order_id,
    kind: row.kind,
    code: row.code,
    description: row.description,
    reason: row.reason,
    payType: row.pay_type,
    hours: row.hours === null ? null : Number(row.hours),
    hourlyRateFen: row.hourly_rate_fen,
    quantity: row.quantity === null ? null : Number(row.quantity),
    unitPriceFen: row.unit_price_fen,
    amount: lineAmountFen(itemLine(row)),
    safety: row.safety,
    photos: photosOf(row.photos),
    status: row.status,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedVia: row.decided_via,
    hazardWording: row.hazard_wording,
    customerSigned: row.customer_signature_png !== null,
    lineId: row.line_id,
    linkExpiresAt: linkLive ? row.token_expires_at!.toISOString() : null,
    raisedBy: row.raised_by && row.raised_by_name ? { id: row.raised_by, name: row.raised_by_name } : null,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentDeclinedRecommendation(row: AdditionalItemRow, now: Date): DeclinedRecommendation {
  return {
    ...presentAdditionalItem(row, now),
    repairOrderNumber: row.repair_order_number,
    repairOrderCreatedAt: row.repair_order_created_at.toISOString(),
  };
}

/** The approval page: no customer name or mobile, the plate masked, nothing about the RO beyond this item. */
export function presentPublicAdditionalItem(row: AdditionalItemByTokenRow): PublicAdditionalItem {
  return {
    dealer: { name: row.dealer_name },
    plate: maskPlate(row.plate_key),
    kind: row.kind,
    description: row.description,
    reason: row.reason,
    amount: lineAmountFen(itemLine(row)),
    customerPaysFen: customerPaysFen(row),
    payType: row.pay_type,
    safety: row.safety,
    photos: photosOf(row.photos),
    status: row.status,
    decidedAt: row.decided_at?.toISOString() ?? null,
    expiresAt: row.token_expires_at!.toISOString(),
  };
}
