// The pricing of a repair order (domain.md §4): one pure function for the server (API, invoice,
// PDF) and the web form's live quote, so the screen, the paper and the bill cannot disagree.
// Money is integer fen; labour hours and part quantities have at most two decimals.
import { PAY_TYPES } from './repair-orders.constants.js';

export type PayType = (typeof PAY_TYPES)[number];

/** VAT on motor-vehicle repair and parts in China. */
export const VAT_RATE = 0.13;

/** A labour discount of a share of the customer-paid labour (a club level's, a kept appointment's), rounded to the fen. */
export function labourDiscountFen(labourFen: number, percent: number): number {
  return Math.round((labourFen * percent) / 100);
}

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
  if (!Number.isFinite(value) || value < 0 || Math.abs(value * 100 - scaled) > 1e-6)
    throw new RangeError(`${what} must be ≥ 0 with at most two decimals, got ${value}`);
  return scaled;
}

/** `value` when it is a whole number of fen ≥ 0; otherwise a RangeError naming `what`. */
export function wholeFen(value: number, what: string): number {
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
      ? divRoundHalfUp(hundredths(line.hours, 'hours') * wholeFen(line.hourlyRateFen, 'hourlyRateFen'), 100)
      : divRoundHalfUp(hundredths(line.quantity, 'quantity') * wholeFen(line.unitPriceFen, 'unitPriceFen'), 100);
  let discountFen = 0;
  const d = line.discount;
  if (d && 'percent' in d) {
    const basisPoints = hundredths(d.percent, 'discount percent');
    if (basisPoints > 10_000) throw new RangeError(`discount percent must be at most 100, got ${d.percent}`);
    discountFen = divRoundHalfUp(grossFen * basisPoints, 10_000);
  } else if (d) {
    discountFen = wholeFen(d.fen, 'discount fen');
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
  if (!(vatRate >= 0 && vatRate < 1) || Math.abs(vatRate * 10_000 - bp) > 1e-6)
    throw new RangeError(`VAT rate must be in [0, 1) with at most four decimals, got ${vatRate}`);
  return divRoundHalfUp(wholeFen(amountFen, 'amount') * bp, 10_000 + bp);
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
  const byPayType = Object.fromEntries(
    PAY_TYPES.map((p) => [p, { grossFen: 0, discountFen: 0, netFen: 0, lines: [] }]),
  ) as unknown as Record<PayType, PayTypeTotals<L>>;
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
