import { type Insertable, sql, type Updateable } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { AdditionalItemsTable, RoLinesTable } from '../../platform/db.schema.js';
import { type LinkDealers, ofLinkDealers } from '../../platform/public-links.js';
import { inScope, type Scope } from '../../platform/scope.js';

/** Additional work (增修项目) on repair orders. Every method is bounded by the dealer (null = the car maker, who reads the network). */
export function createAdditionalWorkRepository(db: Database) {
  const withDetails = () =>
    db
      .selectFrom('additional_items as ai')
      .innerJoin('repair_orders as ro', (j) => j.onRef('ro.dealer_id', '=', 'ai.dealer_id').onRef('ro.id', '=', 'ai.repair_order_id'))
      .innerJoin('dealers as d', 'd.id', 'ai.dealer_id')
      .leftJoin('users as u', 'u.id', 'ai.raised_by')
      .selectAll('ai')
      .select([
        'ro.number as repair_order_number',
        'ro.created_at as repair_order_created_at',
        'ro.vehicle_id',
        'ro.status as repair_order_status',
        'u.display_name as raised_by_name',
      ]);

  return {
    insert(row: Insertable<AdditionalItemsTable>) {
      return db.insertInto('additional_items').values(row).execute();
    },

    /** One item of the dealer; `forUpdate` locks it for a decision or a new link. */
    find(scope: Scope, id: string, options: { forUpdate?: boolean } = {}) {
      return withDetails()
        .where('ai.id', '=', id)
        .where('d.network_id', '=', scope.networkId)
        .where(inScope(scope, 'ai.dealer_id'))
        .$if(options.forUpdate === true, (q) => q.forUpdate('ai'))
        .executeTakeFirst();
    },

    listForOrder(dealerId: string, repairOrderId: string) {
      return withDetails()
        .where('ai.dealer_id', '=', dealerId)
        .where('ai.repair_order_id', '=', repairOrderId)
        .orderBy('ai.created_at')
        .orderBy('ai.id')
        .execute();
    },

    /** Items waiting for the customer's decision on the dealer's orders still in the workshop (one advisor's, or all), oldest first. */
    awaitingDecision(dealerId: string, saId: string | null, limit: number) {
      return withDetails()
        .innerJoin('customers as c', 'c.id', 'ro.customer_id')
        .innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
        .leftJoin('users as sa', 'sa.id', 'ro.sa_id')
        .select(['v.plate_key', 'c.name as customer_name', 'ro.sa_id', 'sa.display_name as sa_name'])
        .where('ai.dealer_id', '=', dealerId)
        .where('ai.status', '=', 'pending')
        .where('ro.status', 'in', ['authorised', 'in_progress', 'quality_check'])
        .$if(saId !== null, (q) => q.where('ro.sa_id', '=', saId!))
        .orderBy('ai.created_at')
        .limit(limit)
        .execute();
    },

    /** The vehicle's declined items on repair orders in the scope, newest first. */
    declinedForVehicle(scope: Scope, vehicleId: string, limit: number) {
      return withDetails()
        .where('ai.status', '=', 'declined')
        .where('ro.vehicle_id', '=', vehicleId)
        .where(inScope(scope, 'ai.dealer_id'))
        .orderBy('ai.decided_at', 'desc')
        .orderBy('ai.id', 'desc')
        .limit(limit)
        .execute();
    },

    /** The item a link's token opens: exactly one item of one dealer (the hash is unique per dealer). */
    findByTokenHash(dealers: LinkDealers, tokenHash: string, options: { forUpdate?: boolean } = {}) {
      return withDetails()
        .select(['d.name as dealer_name', 'd.network_id', 'd.time_zone'])
        .select(sql<string>`(select v.plate_key from vehicles v where v.id = ro.vehicle_id)`.as('plate_key'))
        .where(ofLinkDealers('ai.dealer_id', dealers))
        .where('ai.token_hash', '=', tokenHash)
        .$if(options.forUpdate === true, (q) => q.forUpdate('ai'))
        .executeTakeFirst();
    },

    update(dealerId: string, id: string, changes: Updateable<AdditionalItemsTable>) {
      return db.updateTable('additional_items').set(changes).where('dealer_id', '=', dealerId).where('id', '=', id).execute();
    },

    /** Spends a link once: only an unused, unexpired token is claimed. */
    claimToken(dealerId: string, tokenHash: string, now: Date) {
      return db
        .updateTable('additional_items')
        .set({ token_used_at: now })
        .where('dealer_id', '=', dealerId)
        .where('token_hash', '=', tokenHash)
        .where('token_used_at', 'is', null)
        .where('token_expires_at', '>', now)
        .returning(['dealer_id', 'id'])
        .executeTakeFirst();
    },

    /**
     * Locks the order and counts the change (its version moves on, so an edit started before the
     * approval is stale), then returns the next line position.
     */
    async lockOrderForNewLine(dealerId: string, repairOrderId: string, now: Date) {
      const order = await db
        .updateTable('repair_orders')
        .set({ version: sql`version + 1`, updated_at: now })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', repairOrderId)
        .returning(['status'])
        .executeTakeFirstOrThrow();
      const { max } = await db
        .selectFrom('ro_lines')
        .select((eb) => eb.fn.max<number | null>('position').as('max'))
        .where('dealer_id', '=', dealerId)
        .where('repair_order_id', '=', repairOrderId)
        .executeTakeFirstOrThrow();
      return { status: order.status, nextPosition: Number(max ?? 0) + 1 };
    },

    insertLine(row: Insertable<RoLinesTable>) {
      return db.insertInto('ro_lines').values(row).execute();
    },
  };
}

export type AdditionalItemRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createAdditionalWorkRepository>['find']>>>;
export type AdditionalItemByTokenRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof createAdditionalWorkRepository>['findByTokenHash']>>
>;
