import { formatPlate } from '@servicebay/contracts';
import type { Database } from '../../platform/db.js';
import { createDealersRepository } from '../../platform/dealers.repository.js';
import { AppError, notFound } from '../../platform/errors.js';
import { sha256 } from '../../platform/passwords.js';
import { publicLinkUrl } from '../../platform/public-links.js';
import type { Scope } from '../../platform/scope.js';
import { type ContactView, viewMobile } from '../customers/customers.presenter.js';
import { createAdditionalWorkRepository } from './additional-work.repository.js';
import type { DocLine, InvoiceDocument, RepairOrderDocument } from './repair-orders.pdf.js';

// pdfkit and the CJK font load on the first document, not at every start of the server.
const renderer = () => import('./repair-orders.pdf.js');

import { toRuleLine } from './repair-orders.presenter.js';
import { createRepairOrdersRepository, type RoLineRow } from './repair-orders.repository.js';
import { createSettlementRepository } from './settlement.repository.js';

const docLine = (l: RoLineRow): DocLine => ({ ...toRuleLine(l), code: l.code, description: l.description });

/** The repair order as its document: every billed line (approved additional work included), declined items with their hazard wording. */
async function repairOrderDocument(
  db: Database,
  scope: Scope,
  view: ContactView,
  id: string,
): Promise<{
  document: RepairOrderDocument;
  dealerId: string;
  dealerCode: string;
  signedAt: Date | null;
  progressTokenHash: string | null;
}> {
  const repo = createRepairOrdersRepository(db);
  const order = await repo.findOrder(scope, id);
  if (!order) throw notFound('repair order');
  const dealer = await createDealersRepository(db).profile(order.dealer_id, scope);
  const lines = await repo.lines(scope, [order.id]);
  const items = await createAdditionalWorkRepository(db).listForOrder(order.dealer_id, order.id);
  const declined = items.filter((i) => i.status === 'declined');
  const document: RepairOrderDocument = {
    dealer: { name: dealer.name, address: dealer.city, phone: dealer.phone ?? '', timeZone: dealer.time_zone },
    roNumber: order.number,
    openedAt: order.created_at,
    promisedAt: order.promised_at,
    serviceAdvisor: order.sa_name,
    customer: { name: order.customer_name, mobile: viewMobile(order.customer_mobile, view) },
    vehicle: { plate: formatPlate(order.plate_key), vin: order.vin, model: order.model_name ?? '', odometerKm: order.odometer_km },
    concerns: order.concerns,
    diagnosis: order.diagnosis,
    lines: lines.map(docLine),
    additionalItems: declined.map((i) => ({
      line:
        i.kind === 'labour'
          ? {
              kind: 'labour',
              code: i.code,
              description: i.description,
              payType: i.pay_type,
              hours: Number(i.hours),
              hourlyRateFen: i.hourly_rate_fen!,
            }
          : {
              kind: 'parts',
              code: i.code,
              description: i.description,
              payType: i.pay_type,
              quantity: Number(i.quantity),
              unitPriceFen: i.unit_price_fen!,
            },
      safety: i.safety,
      status: 'declined',
      hazardWording: i.hazard_wording,
      customerSignedAt: i.decided_at,
    })),
    signature:
      order.signed_at && order.signed_content_hash
        ? { png: order.signature_png, signedAt: order.signed_at, signedContentHash: order.signed_content_hash }
        : null,
  };
  return {
    document,
    dealerId: order.dealer_id,
    dealerCode: dealer.code,
    signedAt: order.signed_at,
    progressTokenHash: order.progress_token_hash,
  };
}

export async function repairOrderPdf(
  db: Database,
  scope: Scope,
  view: ContactView,
  id: string,
  options: { locale: 'zh-CN' | 'en'; progress?: { token: string; publicUrl: string } },
) {
  const { document, dealerCode, progressTokenHash } = await repairOrderDocument(db, scope, view, id);
  let progressUrl: string | null = null;
  if (options.progress) {
    // Only the current link is printed: an older one would lead the customer to a dead page.
    if (sha256(options.progress.token) !== progressTokenHash)
      throw AppError.field('validation_failed', 'progressToken', 'stale_link', 'not the current progress link of this repair order');
    progressUrl = publicLinkUrl(options.progress.publicUrl, 'progress', dealerCode, options.progress.token);
  }
  return {
    filename: `${document.roNumber}.pdf`,
    pdf: await (await renderer()).renderRepairOrderPdf({ ...document, progressUrl }, options.locale),
  };
}

export async function invoicePdf(db: Database, scope: Scope, view: ContactView, invoiceId: string, locale: 'zh-CN' | 'en') {
  const settlement = createSettlementRepository(db);
  const invoice = await settlement.findInvoice(scope, { id: invoiceId });
  if (!invoice) throw notFound('invoice');
  const { document } = await repairOrderDocument(db, scope, view, invoice.repair_order_id);
  const order = (await createRepairOrdersRepository(db).findOrder(scope, invoice.repair_order_id))!;
  const payments = await settlement.payments(scope, invoice.id);
  const pdf = await (await renderer()).renderInvoicePdf(
    {
      ...document,
      invoiceNumber: invoice.number,
      invoicedAt: invoice.ready_to_pay_at,
      discountFen: invoice.discount_fen,
      amountDueFen: invoice.customer_payable_fen - invoice.discount_fen,
      ...benefitsOf(invoice.totals as Pick<InvoiceDocument, 'memberDiscount' | 'bookingBenefit'>),
      payments: payments.map((p) => ({ method: p.method, amountFen: p.amount_fen, paidAt: p.at, reference: p.reference })),
      nextMaintenance: order.next_due_on ? { dueOn: order.next_due_on, dueKm: order.next_due_km } : null,
    },
    locale,
  );
  return { filename: `${invoice.number}.pdf`, pdf };
}

/** The invoice's benefits as it stored them (an invoice from before a benefit existed has none). */
const benefitsOf = (totals: Pick<InvoiceDocument, 'memberDiscount' | 'bookingBenefit'>) => ({
  memberDiscount: totals.memberDiscount ?? null,
  bookingBenefit: totals.bookingBenefit ?? null,
});
