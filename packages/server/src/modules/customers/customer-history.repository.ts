import type { HistoryKind } from '@servicebay/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';
import type { HistoryCursor } from './customer-history.rules.js';
import { wholeNetwork } from './customers.repository.js';

export type HistoryRow = {
  kind: HistoryKind;
  id: string;
  at: Date;
  /** `at` as PostgreSQL prints it, to the microsecond: the keyset cursor compares with it exactly. */
  at_key: string;
  dealer_id: string | null;
  dealer_name: string | null;
  vehicle_id: string | null;
  plate_key: string | null;
  data: Record<string, unknown>;
};

type ListOptions = {
  /** Whose entries: a dealer's own, or the network's (the car maker). */
  scope: Scope;
  customerId: string;
  kinds: readonly HistoryKind[];
  before: HistoryCursor | null;
  limit: number;
};

/**
 * The customer log in one statement: one sub-query per source (visits with their repair order and
 * invoice, appointments, call attempts, complaints, survey responses, messages), each ordered by
 * its own time and cut at the page size after the cursor, united and cut again. A page therefore
 * reads at most `kinds × (limit + 1)` rows whatever the customer's history.
 */
export function createCustomerHistoryRepository(db: Database) {
  return {
    async list({ scope, customerId, kinds, before, limit }: ListOptions): Promise<HistoryRow[]> {
      const networkId = scope.networkId;
      const take = limit + 1;
      const whole = wholeNetwork(scope);
      const own = (column: string) => (whole ? sql`` : sql`and ${inScope(scope, column)}`);
      const after = (atColumn: string, idColumn: string) =>
        before ? sql`and (${sql.ref(atColumn)}, ${sql.ref(idColumn)}) < (${before.at}::timestamptz, ${before.id}::uuid)` : sql``;
      const page = (atColumn: string, idColumn: string) => sql`order by ${sql.ref(atColumn)} desc, ${sql.ref(idColumn)} desc limit ${take}`;

      const sources: Record<HistoryKind, RawBuilder<unknown>> = {
        visit: sql`(select 'visit'::text as kind, v.id, v.arrived_at as at, v.dealer_id, v.vehicle_id,
            json_build_object(
              'visitStatus', v.status,
              'repairOrderId', ro.id, 'number', ro.number, 'status', ro.status,
              'kmIn', coalesce(ro.odometer_km, (select i.odometer_km from inspections i where i.dealer_id = v.dealer_id and i.visit_id = v.id order by i.id desc limit 1)),
              'concerns', ro.concerns,
              'work', coalesce((select json_agg(l.description order by l.position) from ro_lines l where l.dealer_id = ro.dealer_id and l.repair_order_id = ro.id), '[]'::json),
              'totalFen', (select inv.total_fen from invoices inv where inv.dealer_id = ro.dealer_id and inv.repair_order_id = ro.id),
              'deliveredAt', ro.delivered_at,
              'nextDueOn', ro.next_due_on, 'nextDueKm', ro.next_due_km,
              'saId', sa.id, 'saName', sa.display_name
            ) as data
          from visits v
          left join lateral (
            select r.* from repair_orders r where r.dealer_id = v.dealer_id and r.visit_id = v.id order by r.id desc limit 1
          ) ro on true
          left join users sa on sa.id = coalesce(ro.sa_id, v.sa_id)
          where v.customer_id = ${customerId} ${own('v.dealer_id')} ${after('v.arrived_at', 'v.id')}
          ${page('v.arrived_at', 'v.id')})`,

        appointment: sql`(select 'appointment'::text as kind, a.id, a.starts_at as at, a.dealer_id, a.vehicle_id,
            json_build_object('number', a.number, 'status', a.status, 'arrivalStatus', a.arrival_status, 'arrivedAt', a.arrived_at, 'channel', a.channel) as data
          from appointments a
          where a.customer_id = ${customerId} ${own('a.dealer_id')} ${after('a.starts_at', 'a.id')}
          ${page('a.starts_at', 'a.id')})`,

        call: sql`(select 'call'::text as kind, fa.id, fa.at, fa.dealer_id, t.vehicle_id,
            json_build_object('taskId', t.id, 'rule', t.rule, 'outcome', fa.result, 'satisfaction', fa.satisfaction, 'notes', fa.notes, 'agentId', u.id, 'agentName', u.display_name) as data
          from follow_up_tasks t
          join follow_up_attempts fa on fa.dealer_id = t.dealer_id and fa.task_id = t.id
          left join users u on u.id = fa.agent_id
          where t.customer_id = ${customerId} ${own('t.dealer_id')} ${after('fa.at', 'fa.id')}
          ${page('fa.at', 'fa.id')})`,

        complaint: sql`(select 'complaint'::text as kind, c.id, c.received_at as at, c.dealer_id, c.vehicle_id,
            json_build_object('number', c.number, 'status', c.status, 'category', c.category, 'channel', c.channel) as data
          from complaints c
          where c.customer_id = ${customerId} and c.network_id = ${networkId} ${own('c.dealer_id')} ${after('c.received_at', 'c.id')}
          ${page('c.received_at', 'c.id')})`,

        survey: sql`(select 'survey'::text as kind, s.id, s.submitted_at as at, s.dealer_id, s.vehicle_id,
            json_build_object('csi', s.csi, 'low', s.low, 'source', s.source, 'repairOrderId', s.repair_order_id, 'complaintId', s.complaint_id) as data
          from survey_responses s
          where s.customer_id = ${customerId} and s.network_id = ${networkId} ${own('s.dealer_id')} ${after('s.submitted_at', 's.id')}
          ${page('s.submitted_at', 's.id')})`,

        message: sql`(select 'message'::text as kind, m.id, m.created_at as at, m.dealer_id, null::uuid as vehicle_id,
            json_build_object('template', m.template, 'channel', m.channel, 'status', m.status, 'skipReason', m.skip_reason, 'sentAt', m.sent_at) as data
          from outbox_messages m
          where m.customer_id = ${customerId} and m.network_id = ${networkId}
            ${whole ? sql`` : sql`and ${inScope(scope, 'm.dealer_id')}`}
            ${after('m.created_at', 'm.id')}
          ${page('m.created_at', 'm.id')})`,
      };

      const parts = kinds.map((kind) => sources[kind]);
      if (parts.length === 0) return [];
      const result = await sql<HistoryRow>`
        with entries as (${sql.join(parts, sql` union all `)})
        select e.kind, e.id, e.at, e.at::text as at_key, e.dealer_id, d.name as dealer_name, e.vehicle_id, veh.plate_key, e.data
        from entries e
        left join dealers d on d.id = e.dealer_id
        left join vehicles veh on veh.id = e.vehicle_id
        order by e.at desc, e.id desc
        limit ${take}`.execute(db);
      return result.rows;
    },

    /** The care calls this dealer still has to make to the customer, soonest due first. */
    openCallTasks(dealerId: string, customerId: string) {
      return db
        .selectFrom('follow_up_tasks')
        .select(['id', 'rule', 'due_from', 'due_until'])
        .where('dealer_id', '=', dealerId)
        .where('customer_id', '=', customerId)
        .where('status', '=', 'open')
        .orderBy('due_until')
        .orderBy('id')
        .limit(5)
        .execute();
    },
  };
}
