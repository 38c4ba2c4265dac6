import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { defineJob, type Jobs, jobOf } from '../../platform/jobs.js';
import type { Outbox } from '../../platform/outbox.js';
import { appointmentMessageVariables } from './appointments.presenter.js';
import { type AppointmentDetailsRow, createAppointmentsRepository } from './appointments.repository.js';
import type { ReminderPlan } from './appointments.rules.js';

const reminderData = z.object({ dealerId: z.uuid(), appointmentId: z.uuid(), startsAt: z.iso.datetime() });
type ReminderData = z.infer<typeof reminderData>;

/**
 * The confirmation routine of domain.md §3 as jobs: the SMS the day before, the SA's call task an
 * hour before, and the no-show when the grace period passes. Each job is keyed by appointment, step
 * and booked time: a moved appointment gets new jobs, and the old ones find the time changed and stop.
 */
export function createAppointmentJobs(deps: { db: Database; clock: Clock; jobs: Jobs; outbox: Outbox; publicUrl: string }) {
  /** Loads the appointment if it is still open at the time the job was planned for. */
  async function stillDue(tx: Database, data: ReminderData): Promise<AppointmentDetailsRow | null> {
    const repo = createAppointmentsRepository(tx);
    const dealer = await repo.settings(data.dealerId);
    if (!dealer) return null;
    const row = await repo.find({ kind: 'dealer', networkId: dealer.network_id, dealerId: data.dealerId }, data.appointmentId);
    if (!row || row.starts_at.toISOString() !== new Date(data.startsAt).toISOString()) return null;
    return row.status === 'booked' || row.status === 'confirmed' ? row : null;
  }

  const dayBeforeSms = defineJob({
    id: 'appointment.day_before_sms',
    schema: reminderData,
    run: (data) =>
      deps.db.transaction().execute(async (tx) => {
        const row = await stillDue(tx, data);
        if (!row || row.status !== 'booked') return; // confirmed already: no reminder needed
        const dealer = (await createAppointmentsRepository(tx).settings(data.dealerId))!;
        const queued = await deps.outbox.enqueue(tx, {
          networkId: dealer.network_id,
          dealerId: data.dealerId,
          customerId: row.customer_id,
          channel: 'sms',
          recipient: row.customer_mobile,
          template: 'appointment.day_before',
          locale: 'zh-CN',
          variables: appointmentMessageVariables({ ...row, dealer_code: dealer.code }, dealer.time_zone, dealer.name, deps.publicUrl, null),
          dedupeKey: `appointment:${row.id}:day_before:${data.startsAt}`,
        });
        if (queued) {
          await createAppointmentsRepository(tx).insertConfirmation({
            dealer_id: data.dealerId,
            id: newId(),
            appointment_id: row.id,
            step: 'day_before',
            channel: 'sms',
            result: 'sent',
            note: null,
            by_user_id: null,
            at: deps.clock.now(),
          });
        }
      }),
  });

  const hourBeforeCall = defineJob({
    id: 'appointment.hour_before_call',
    schema: reminderData,
    run: (data) =>
      deps.db.transaction().execute(async (tx) => {
        const row = await stillDue(tx, data);
        if (!row) return;
        await createAppointmentsRepository(tx).insertTask({
          dealer_id: data.dealerId,
          id: newId(),
          kind: 'appointment_call',
          assignee_user_id: row.assigned_sa_id ?? row.preferred_sa_id,
          appointment_id: row.id,
          customer_id: row.customer_id,
          due_at: row.starts_at,
          dedupe_key: `appointment:${row.id}:hour_before:${data.startsAt}`,
          created_at: deps.clock.now(),
        });
      }),
  });

  const noShowCheck = defineJob({
    id: 'appointment.no_show_check',
    schema: reminderData,
    run: (data) =>
      deps.db.transaction().execute(async (tx) => {
        const row = await stillDue(tx, data);
        if (!row || row.arrived_at) return;
        const now = deps.clock.now();
        const repo = createAppointmentsRepository(tx);
        const updated = await repo.update(data.dealerId, row.id, row.version, { status: 'no_show', updated_at: now });
        if (!updated) return; // changed meanwhile (checked in): the next run sees it
        await repo.insertEvent({
          dealer_id: data.dealerId,
          id: newId(),
          appointment_id: row.id,
          kind: 'no_show',
          data: '{}',
          actor_user_id: null,
          at: now,
        });
        await repo.cancelTasksOf(data.dealerId, row.id);
      }),
  });

  /** The routine's jobs for the appointment at `startsAt`. */
  function jobsFor(dealerId: string, appointmentId: string, startsAt: Date, plan: ReminderPlan, now: Date) {
    const data = { dealerId, appointmentId, startsAt: startsAt.toISOString() };
    const key = `${appointmentId}:${data.startsAt}`;
    return [
      ...(plan.confirmationSmsAt ? [jobOf(dayBeforeSms, data, { startAfter: plan.confirmationSmsAt, dedupeKey: key })] : []),
      jobOf(hourBeforeCall, data, { startAfter: plan.saCallAt > now ? plan.saCallAt : now, dedupeKey: key }),
      jobOf(noShowCheck, data, { startAfter: plan.noShowAt, dedupeKey: key }),
    ];
  }

  /** Sends the routine's jobs in one statement. */
  async function schedule(tx: Database, dealerId: string, appointmentId: string, startsAt: Date, plan: ReminderPlan, now: Date) {
    await deps.jobs.sendAll(tx, jobsFor(dealerId, appointmentId, startsAt, plan, now));
  }

  return { schedule, jobsFor, definitions: [dayBeforeSms, hourBeforeCall, noShowCheck], dayBeforeSms, hourBeforeCall, noShowCheck };
}

export type AppointmentJobs = ReturnType<typeof createAppointmentJobs>;
