import { type Insertable, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { InvoicesTable, PaymentReversalsTable, PaymentsTable } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

/** A payment of `alias` not taken back (its reversal is a row of its own). */
export const paymentStands = (alias: string) =>
  sql.raw<boolean>(
    `not exists (select 1 from payment_reversals pr where pr.dealer_id = ${alias}.dealer_id and pr.payment_id = ${alias}.id)`,
  );

export type InvoiceRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createSettlementRepository>['findInvoice']>>>;

/** The parts an order uses, per part: what leaves stock when its bill is paid. */
const partsOf = (dealerId: string, repairOrderId: string) =>
  sql`select part_id, sum(quantity) as quantity from ro_lines
    where dealer_id = ${dealerId} and repair_order_id = ${repairOrderId} and kind = 'parts' and part_id is not null group by part_id`;

/** Invoices and payments (settlement, domain.md §4). */
export function createSettlementRepository(db: Database) {
  return {
    findInvoice(scope: Scope, filter: { id?: string; repairOrderId?: string }) {
      let query = db.selectFrom('invoices').selectAll().where(inScope(scope, 'dealer_id'));
      if (filter.id) query = query.where('id', '=', filter.id);
      if (filter.repairOrderId) query = query.where('repair_order_id', '=', filter.repairOrderId);
      return query.executeTakeFirst();
    },

    /** The invoice, locked until the payment's transaction ends. */
    lockInvoice(scope: Scope, id: string) {
      return db.selectFrom('invoices').selectAll().where(inScope(scope, 'dealer_id')).where('id', '=', id).forUpdate().executeTakeFirst();
    },

    async insertInvoice(row: Insertable<InvoicesTable>) {
      await db.insertInto('invoices').values(row).execute();
    },

    /** The invoice's payments in order, each with its reversal when it was taken back. */
    payments(scope: Scope, invoiceId: string) {
      return db
        .selectFrom('payments as p')
        .leftJoin('payment_reversals as r', (j) => j.onRef('r.dealer_id', '=', 'p.dealer_id').onRef('r.payment_id', '=', 'p.id'))
        .leftJoin('users as u', 'u.id', 'r.reversed_by')
        .selectAll('p')
        .select(['r.at as reversed_at', 'r.reason as reversal_reason', 'u.display_name as reversed_by_name'])
        .where(inScope(scope, 'p.dealer_id'))
        .where('p.invoice_id', '=', invoiceId)
        .orderBy('p.at')
        .orderBy('p.id')
        .execute();
    },

    /** What the payments not taken back have paid. */
    async paidFen(scope: Scope, invoiceId: string): Promise<number> {
      const row = await db
        .selectFrom('payments as p')
        .select((eb) => eb.fn.sum<number>('p.amount_fen').as('sum'))
        .where(inScope(scope, 'p.dealer_id'))
        .where('p.invoice_id', '=', invoiceId)
        .where(paymentStands('p'))
        .executeTakeFirst();
      return Number(row?.sum ?? 0);
    },

    /** Record a payment's reversal; false when it was taken back before (a retry or a race). */
    async insertReversal(row: Insertable<PaymentReversalsTable>): Promise<boolean> {
      const inserted = await db
        .insertInto('payment_reversals')
        .values(row)
        .onConflict((oc) => oc.columns(['dealer_id', 'payment_id']).doNothing())
        .returning('payment_id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /** A payment taken back left the bill unpaid: the invoice is open again and its parts are back in stock until it is paid. */
    async markUnpaid(dealerId: string, invoice: { id: string; repair_order_id: string }) {
      await db.updateTable('invoices').set({ paid_at: null }).where('dealer_id', '=', dealerId).where('id', '=', invoice.id).execute();
      await sql`update parts p set stock_quantity = p.stock_quantity + l.quantity
      from (${partsOf(dealerId, invoice.repair_order_id)}) l
      where p.dealer_id = ${dealerId} and p.id = l.part_id`.execute(db);
    },

    async insertPayment(row: Insertable<PaymentsTable>) {
      await db.insertInto('payments').values(row).execute();
    },

    /** The bill is settled: the invoice is paid and the order's parts leave stock, in one statement for all its parts lines. */
    async markPaid(dealerId: string, invoice: { id: string; repair_order_id: string }, now: Date) {
      await db.updateTable('invoices').set({ paid_at: now }).where('dealer_id', '=', dealerId).where('id', '=', invoice.id).execute();
      await sql`update parts p set stock_quantity = p.stock_quantity - l.quantity
      from (${partsOf(dealerId, invoice.repair_order_id)}) l
      where p.dealer_id = ${dealerId} and p.id = l.part_id`.execute(db);
    },

    async closeVisit(dealerId: string, visitId: string) {
      await db.updateTable('visits').set({ status: 'closed' }).where('dealer_id', '=', dealerId).where('id', '=', visitId).execute();
    },
  };
}
