import { type Insertable, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { InvoicesTable, PaymentsTable } from '../../platform/db.schema.js';
import { inScope, type Scope } from '../../platform/scope.js';

export type InvoiceRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createSettlementRepository>['findInvoice']>>>;

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

    payments(scope: Scope, invoiceId: string) {
      return db
        .selectFrom('payments')
        .selectAll()
        .where(inScope(scope, 'dealer_id'))
        .where('invoice_id', '=', invoiceId)
        .orderBy('at')
        .execute();
    },

    async paidFen(scope: Scope, invoiceId: string): Promise<number> {
      const row = await db
        .selectFrom('payments')
        .select((eb) => eb.fn.sum<number>('amount_fen').as('sum'))
        .where(inScope(scope, 'dealer_id'))
        .where('invoice_id', '=', invoiceId)
        .executeTakeFirst();
      return Number(row?.sum ?? 0);
    },

    async insertPayment(row: Insertable<PaymentsTable>) {
      await db.insertInto('payments').values(row).execute();
    },

    /** The bill is settled: the invoice is paid and the order's parts leave stock, in one statement for all its parts lines. */
    async markPaid(dealerId: string, invoice: { id: string; repair_order_id: string }, now: Date) {
      await db.updateTable('invoices').set({ paid_at: now }).where('dealer_id', '=', dealerId).where('id', '=', invoice.id).execute();
      await sql`update parts p set stock_quantity = p.stock_quantity - l.quantity
      from (select part_id, sum(quantity) as quantity from ro_lines where dealer_id = ${dealerId} and repair_order_id = ${invoice.repair_order_id} and kind = 'parts' and part_id is not null group by part_id) l
      where p.dealer_id = ${dealerId} and p.id = l.part_id`.execute(db);
    },

    async closeVisit(dealerId: string, visitId: string) {
      await db.updateTable('visits').set({ status: 'closed' }).where('dealer_id', '=', dealerId).where('id', '=', visitId).execute();
    },
  };
}
