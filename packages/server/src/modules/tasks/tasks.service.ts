import { formatPlate } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { createTasksRepository } from './tasks.repository.js';

/** The staff task list: calls to make, shortages to settle, complaint notices; each one done with a result. */
export function createTasksService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  return {
    async tasks(actor: Actor, which: 'mine' | 'all', dealerId?: string) {
      authorize(actor, 'appointment.read');
      const scope = scopeOf(actor, dealerId ? { dealerIds: [dealerId] } : {});
      const rows = await createTasksRepository(db).openTasks(scope, which === 'mine' ? actor.userId : null);
      return rows.map((t) => ({
        id: t.id,
        kind: t.kind,
        dueAt: t.due_at.toISOString(),
        status: t.status,
        appointment: t.appointment_id
          ? {
              id: t.appointment_id,
              number: t.number!,
              startsAt: t.starts_at!.toISOString(),
              customerName: t.customer_name ?? '',
              plate: t.plate_key ? `${t.plate_key.slice(0, 2)}·${t.plate_key.slice(2)}` : '',
            }
          : null,
        complaint: t.complaint_id
          ? { id: t.complaint_id, number: t.complaint_number!, customerName: t.complaint_customer_name ?? '' }
          : null,
        claim: t.claim_id ? { id: t.claim_id, number: t.claim_number! } : null,
        spotCheck: t.spot_check_id
          ? { id: t.spot_check_id, saName: t.spot_check_sa_name ?? '', failedCount: t.spot_check_failed ?? 0 }
          : null,
        loaner: t.loaner_reservation_id
          ? {
              reservationId: t.loaner_reservation_id,
              plate: formatPlate(t.loaner_plate_key ?? ''),
              customerName: t.loaner_customer_name ?? '',
              until: t.loaner_until!.toISOString(),
            }
          : null,
        assignee: t.assignee_id ? { id: t.assignee_id, name: t.assignee_name! } : null,
        dealer: { id: t.dealer_id, name: t.dealer_name },
      }));
    },

    async completeTask(actor: Actor, id: string, result: string) {
      authorize(actor, 'appointment.read');
      const dealerId = requireDealer(actor);
      return inTransaction(db, async (tx) => {
        const done = await createTasksRepository(tx).complete(dealerId, id, result, clock.now());
        if (!done) throw notFound('open task');
        await recordAudit(tx, actor, { action: 'task.completed', entityType: 'task', entityId: id, after: { result } }, clock.now());
        return { id, status: 'done' as const };
      });
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
