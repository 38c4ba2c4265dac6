import { formatPlate, type Loaner, type LoanerHandoverRecord, type LoanerReservation } from '@servicebay/contracts';
import type { LoanerRow, ReservationRow } from './loaners.repository.js';
import { isOverdue } from './loaners.rules.js';

export function presentLoaner(row: LoanerRow, now: Date): Loaner {
  return {
    id: row.id,
    dealer: { id: row.dealer_id, name: row.dealer_name },
    plate: formatPlate(row.plate_key),
    model: row.model,
    vin: row.vin,
    state: row.state,
    km: row.km,
    fuelLevel: row.fuel_level,
    insuranceExpiresOn: row.insurance_expires_on,
    costPerDayFen: row.cost_per_day_fen,
    version: row.version,
    outOn: row.out_reservation_id
      ? {
          reservationId: row.out_reservation_id,
          customerName: row.out_customer_name ?? '',
          until: row.out_until!.toISOString(),
          overdue: isOverdue({ status: 'out', until: row.out_until! }, now),
        }
      : null,
  };
}

/** What a hand-over or return stored (jsonb), as the API shows it. */
type StoredRecord = Omit<LoanerHandoverRecord, 'at'>;

const record = (at: Date | null, stored: unknown): LoanerHandoverRecord | null =>
  at && stored ? { at: at.toISOString(), ...(stored as StoredRecord) } : null;

export function presentReservation(row: ReservationRow, now: Date): LoanerReservation {
  return {
    id: row.id,
    dealer: { id: row.dealer_id, name: row.dealer_name },
    loaner: { id: row.loaner_id, plate: formatPlate(row.plate_key), model: row.model },
    customer: { id: row.customer_id, name: row.customer_name },
    vehicleId: row.vehicle_id,
    appointmentId: row.appointment_id,
    visitId: row.visit_id,
    complaintId: row.complaint_id,
    reason: row.reason,
    overrideReason: row.override_reason,
    from: row.starts_at.toISOString(),
    until: row.ends_at.toISOString(),
    status: row.status,
    overdue: isOverdue({ status: row.status, until: row.ends_at }, now),
    handover: record(row.handed_over_at, row.handover),
    return: record(row.returned_at, row.return_record),
    daysOut: row.days_out,
    costFen: row.cost_fen === null ? null : Number(row.cost_fen),
    reservedBy: row.reserved_by_name,
  };
}
