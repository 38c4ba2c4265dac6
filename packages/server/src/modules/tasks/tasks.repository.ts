import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';

export function createTasksRepository(db: Database) {
  return {
    /** Open tasks in the scope, soonest due first; with an assignee, theirs and the unassigned ones. */
    openTasks(scope: Scope, assigneeId: string | null) {
      return db
        .selectFrom('tasks as t')
        .leftJoin('appointments as a', (j) => j.onRef('a.dealer_id', '=', 't.dealer_id').onRef('a.id', '=', 't.appointment_id'))
        .leftJoin('customers as c', 'c.id', 'a.customer_id')
        .leftJoin('users as u', 'u.id', 't.assignee_user_id')
        .leftJoin('complaints as cp', (j) => j.onRef('cp.dealer_id', '=', 't.dealer_id').onRef('cp.id', '=', 't.complaint_id'))
        .leftJoin('customers as cc', 'cc.id', 'cp.customer_id')
        .leftJoin('warranty_claims as wc', (j) => j.onRef('wc.dealer_id', '=', 't.dealer_id').onRef('wc.id', '=', 't.claim_id'))
        .leftJoin('spot_checks as sc', (j) => j.onRef('sc.dealer_id', '=', 't.dealer_id').onRef('sc.id', '=', 't.spot_check_id'))
        .leftJoin('users as scu', 'scu.id', 'sc.sa_id')
        .leftJoin('loaner_reservations as lr', (j) =>
          j.onRef('lr.dealer_id', '=', 't.dealer_id').onRef('lr.id', '=', 't.loaner_reservation_id'),
        )
        .leftJoin('loaners as ln', (j) => j.onRef('ln.dealer_id', '=', 'lr.dealer_id').onRef('ln.id', '=', 'lr.loaner_id'))
        .leftJoin('customers as lc', 'lc.id', 'lr.customer_id')
        .innerJoin('dealers as dl', 'dl.id', 't.dealer_id')
        .select([
          't.dealer_id',
          'dl.name as dealer_name',
          't.id',
          't.kind',
          't.due_at',
          't.status',
          'a.id as appointment_id',
          'a.number',
          'a.starts_at',
          'c.name as customer_name',
          'a.plate_key',
          'u.id as assignee_id',
          'u.display_name as assignee_name',
        ])
        .select(['cp.id as complaint_id', 'cp.number as complaint_number', 'cc.name as complaint_customer_name'])
        .select(['wc.id as claim_id', 'wc.number as claim_number'])
        .select(['sc.id as spot_check_id', 'sc.failed_count as spot_check_failed', 'scu.display_name as spot_check_sa_name'])
        .select([
          'lr.id as loaner_reservation_id',
          'ln.plate_key as loaner_plate_key',
          'lc.name as loaner_customer_name',
          'lr.ends_at as loaner_until',
        ])
        .where(inScope(scope, 't.dealer_id'))
        .where('t.status', '=', 'open')
        .$if(assigneeId !== null, (qb) =>
          qb.where((eb) => eb.or([eb('t.assignee_user_id', '=', assigneeId!), eb('t.assignee_user_id', 'is', null)])),
        )
        .orderBy('t.due_at')
        .execute();
    },

    complete(dealerId: string, id: string, result: string, now: Date) {
      return db
        .updateTable('tasks')
        .set({ status: 'done', result, done_at: now })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .returning('id')
        .executeTakeFirst();
    },
  };
}
