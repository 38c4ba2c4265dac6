import type { Database } from '../../platform/db.js';
import { settingsOf } from './appointments.capacity.js';
import { createAppointmentsRepository } from './appointments.repository.js';
import { dealerLateness, type KeptAppointmentBenefit, keptAppointmentBenefit } from './booking-benefits.rules.js';

// The kept appointment's benefit when the invoice is made, run inside the settlement's transaction
// (the settlement service calls it, as it calls the club's discount).

/** What the visit's appointment earned on this invoice; null for a walk-in, a late or lost booking, or nothing offered. */
export async function keptAppointmentDiscount(
  tx: Database,
  input: { dealerId: string; visitId: string; promisedAt: Date; readyAt: Date | null; labourLeftFen: number; now: Date },
): Promise<KeptAppointmentBenefit | null> {
  const appointment = await createAppointmentsRepository(tx).keptAppointmentOfVisit(input.dealerId, input.visitId);
  if (!appointment) return null;
  const { settings } = await settingsOf(tx, input.dealerId);
  const dealerLate = dealerLateness(
    {
      arrivedAt: appointment.visit_arrived_at,
      greetedAt: appointment.visit_greeted_at,
      promisedAt: input.promisedAt,
      readyAt: input.readyAt,
    },
    Number(appointment.timely_reception_minutes),
    input.now,
  );
  return keptAppointmentBenefit({
    appointment: {
      number: appointment.number,
      arrivalStatus: appointment.arrival_status,
      recentNoShows: Number(appointment.recent_no_shows),
    },
    settings,
    labourLeftFen: input.labourLeftFen,
    dealerLate,
  });
}
