// The lines of the RO form as the server will price them, for the live quote (pure, unit-tested).
import type { RoLine } from '@servicebay/contracts';
import type { Catalogue } from '../../api/repairOrders';
import type { LineDraft } from './LinesEditor';

/** A line of the live quote, with what it is in the dealer's words. */
export type QuoteLine = RoLine & { source: 'package' | 'line' };

/**
 * The lines as the server will price them: the chosen packages' items (customer pay, at the
 * dealer's labour rate and the parts' prices) and the drafted lines. A draft missing what it needs
 * (no part, no hours) is not quoted yet and counted in `pending`.
 */
export function quoteLines(
  drafts: readonly LineDraft[],
  packageIds: readonly string[],
  catalogue: Catalogue,
): { lines: QuoteLine[]; pending: number } {
  const rate = catalogue.labourRateFen;
  const lines: QuoteLine[] = [];
  let pending = 0;
  for (const pkg of catalogue.packages.filter((p) => packageIds.includes(p.id))) {
    for (const item of pkg.items) {
      if (item.kind === 'labour' && item.flatRateHours !== null)
        lines.push({
          source: 'package',
          kind: 'labour',
          payType: 'customer',
          hours: round2(item.flatRateHours * item.quantity),
          hourlyRateFen: rate,
        });
      else if (item.kind === 'parts' && item.unitPriceFen !== null)
        lines.push({ source: 'package', kind: 'parts', payType: 'customer', quantity: item.quantity, unitPriceFen: item.unitPriceFen });
    }
  }
  for (const d of drafts) {
    const discount = d.discountPercent ? { percent: round2(d.discountPercent) } : null;
    if (d.kind === 'labour') {
      const hours = d.labourOperationId
        ? catalogue.labourOperations.find((op) => op.id === d.labourOperationId)?.flatRateHours
        : (d.hours ?? undefined);
      if (hours && hours > 0)
        lines.push({ source: 'line', kind: 'labour', payType: d.payType, hours: round2(hours), hourlyRateFen: rate, discount });
      else pending++;
    } else if (d.partId && d.quantity && d.quantity > 0 && d.unitPriceFen != null) {
      lines.push({
        source: 'line',
        kind: 'parts',
        payType: d.payType,
        quantity: round2(d.quantity),
        unitPriceFen: d.unitPriceFen,
        discount,
      });
    } else pending++;
  }
  return { lines, pending };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
