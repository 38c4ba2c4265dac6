import { type Actor, authorize } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { addDays, localDate, zonedInstant } from '../../platform/dealer-time.js';
import { reportPeriod } from '../../platform/period.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { requireDealer } from '../../platform/scope.js';
import { capacities, settingsOf } from './appointments.capacity.js';
import { createAppointmentsRepository } from './appointments.repository.js';
import { appointmentKpis, suggestedQuotas } from './appointments.rules.js';
import { readScope, zoneOf } from './appointments.scope.js';

/** The appointment KPIs and the arrival flow by hour of day. */
export function createAppointmentKpisService(deps: { reads: ReadRouter; clock: Clock }) {
  const { reads, clock } = deps;

  return {
    async kpis(actor: Actor, query: { from: string; to: string; groupBy: 'day' | 'month' | 'sa'; dealerId?: string }) {
      authorize(actor, 'kpi.read');
      const db = await reads.forReport(actor);
      const scope = readScope(actor, query.dealerId);
      const timeZone = await zoneOf(db, scope, actor);
      const repo = createAppointmentsRepository(db);
      const period = reportPeriod(query, timeZone);
      const counts = await repo.kpiCounts(scope, timeZone, period.from, period.to, query.groupBy);
      const names =
        query.groupBy === 'sa' ? await repo.userNames(counts.appointments.map((r) => r.key).filter((k) => k !== 'unassigned')) : [];
      const keys = [...new Set([...counts.appointments.map((r) => r.key), ...counts.arrivals.map((r) => r.key)])].sort();
      return keys.map((key) => {
        const a = counts.appointments.find((r) => r.key === key);
        const arrivalsAll = counts.arrivals.find((r) => r.key === key)?.arrivals ?? a?.arrived ?? 0;
        const c = {
          arrivalsAll,
          arrivalsWithAppointment: a?.arrived ?? 0,
          due: a?.due ?? 0,
          noShows: a?.no_shows ?? 0,
          confirmationTargets: a?.due ?? 0,
          confirmed: a?.confirmed ?? 0,
          arrivedOnTime: a?.on_time ?? 0,
        };
        const label = query.groupBy === 'sa' ? (names.find((n) => n.id === key)?.display_name ?? key) : key;
        return { key, label, counts: c, ...appointmentKpis(c) };
      });
    },

    /** Arrivals per hour of day over the last quarter, with the appointment quota that leaves room for walk-ins. */
    async arrivalFlow(actor: Actor) {
      authorize(actor, 'kpi.read');
      const db = await reads.forReport(actor);
      const dealerId = requireDealer(actor);
      const { settings } = await settingsOf(db, dealerId);
      const today = localDate(clock.now(), settings.timeZone);
      const from = addDays(today, -90);
      const rows = await createAppointmentsRepository(db).arrivalFlow(
        dealerId,
        settings.timeZone,
        zonedInstant(from, '00:00', settings.timeZone),
        zonedInstant(today, '00:00', settings.timeZone),
      );
      const capacityPerSlot = (await capacities(db, dealerId, settings, today, today)).get(today) ?? 0;
      const slotsPerHour = Math.max(1, Math.round(60 / settings.slotMinutes));
      const quotas = suggestedQuotas(new Map(rows.map((r) => [r.hour, r.walk_ins / slotsPerHour])), 90, capacityPerSlot);
      return {
        from,
        to: addDays(today, -1),
        days: 90,
        capacityPerSlot,
        hours: rows.map((r) => ({
          hour: r.hour,
          arrivals: r.arrivals,
          walkIns: r.walk_ins,
          perDay: Math.round((r.arrivals / 90) * 10) / 10,
          suggestedQuotaPerSlot: quotas.get(r.hour) ?? capacityPerSlot,
        })),
      };
    },
  };
}

export type AppointmentKpisService = ReturnType<typeof createAppointmentKpisService>;
