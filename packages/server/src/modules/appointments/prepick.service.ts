import { maskPlate } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { addDays, zonedInstant } from '../../platform/dealer-time.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { requireDealer } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { presentPrepick } from './appointments.presenter.js';
import { createAppointmentsRepository } from './appointments.repository.js';
import { dealerScope, loadVisible, readScope, zoneOf } from './appointments.scope.js';
import type { AppointmentsService } from './appointments.service.js';

/** The parts manager's pre-pick list for the day's bookings, and the workshop's bay reservations. */
export function createPrepickService(deps: { db: Database; clock: Clock; list: AppointmentsService['list'] }) {
  const { db, clock } = deps;

  return {
    async prepickList(actor: Actor, date: string) {
      authorize(actor, 'appointment.read');
      const appointments = await deps.list(actor, { from: date, to: date });
      return appointments
        .filter((a) => a.status !== 'cancelled')
        .flatMap((a) =>
          a.parts.map((p) => ({
            ...p,
            appointment: { id: a.id, number: a.number, startsAt: a.startsAt, plate: a.vehicle.plate, customerName: a.customer.name },
          })),
        );
    },

    /** The parts manager marks a pre-pick; a shortage alerts the agent who booked. */
    async updatePrepick(actor: Actor, id: string, status: 'picked' | 'shortage') {
      authorize(actor, 'parts.prepick');
      const dealerId = requireDealer(actor);
      return inTransaction(db, async (tx) => {
        const repo = createAppointmentsRepository(tx);
        const item = await repo.findPrepick(dealerId, id);
        if (!item) throw notFound('pre-pick item');
        if (item.status === 'cancelled')
          throw new AppError('invalid_transition', { detail: 'the appointment was cancelled', extra: { status: item.status } });
        const now = clock.now();
        await repo.setPrepickStatus(dealerId, { id }, status, actor.userId, now);
        if (status === 'shortage') {
          const appointment = await loadVisible(tx, dealerScope({ networkId: actor.networkId, dealerId }), item.appointment_id);
          await repo.insertTask({
            dealer_id: dealerId,
            id: newId(),
            kind: 'parts_shortage',
            assignee_user_id: appointment.booked_by,
            appointment_id: appointment.id,
            customer_id: appointment.customer_id,
            due_at: now,
            dedupe_key: `prepick:${id}:shortage`,
            created_at: now,
          });
        }
        await recordAudit(
          tx,
          actor,
          { action: 'prepick.updated', entityType: 'prepick_item', entityId: id, before: { status: item.status }, after: { status } },
          now,
        );
        return presentPrepick({ ...item, status });
      });
    },

    async reservations(actor: Actor, date: string, dealerId?: string) {
      authorize(actor, 'appointment.read');
      const scope = readScope(actor, dealerId);
      const timeZone = await zoneOf(db, scope, actor);
      const rows = await createAppointmentsRepository(db).reservations(
        scope,
        zonedInstant(date, '00:00', timeZone),
        zonedInstant(addDays(date, 1), '00:00', timeZone),
      );
      return rows.map((r) => ({
        id: r.id,
        appointmentId: r.appointment_id,
        number: r.number,
        plate: maskPlate(r.plate_key).includes('*') ? `${r.plate_key.slice(0, 2)}·${r.plate_key.slice(2)}` : r.plate_key,
        startsAt: r.starts_at.toISOString(),
        endsAt: r.ends_at.toISOString(),
        bay: r.bay_id ? { id: r.bay_id, name: r.bay_name! } : null,
        dealer: { id: r.dealer_id, name: r.dealer_name },
      }));
    },
  };
}

export type PrepickService = ReturnType<typeof createPrepickService>;
