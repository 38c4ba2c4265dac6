import { type Appointment, type AppointmentAbilities, formatPlate } from '@servicebay/contracts';
import type { Selectable } from 'kysely';
import type { PrepickItemsTable } from '../../platform/db.schema.js';
import { localDate, localTime } from '../../platform/dealer-time.js';
import { publicLinkUrl } from '../../platform/public-links.js';
import { type ContactView, viewMobile } from '../customers/customers.presenter.js';
import type { AppointmentDetailsRow } from './appointments.repository.js';
import { dedicatedLaneOf, forfeitsBenefits } from './booking-benefits.rules.js';

export function presentPrepick(row: Selectable<PrepickItemsTable>) {
  return {
    id: row.id,
    appointmentId: row.appointment_id,
    partNumber: row.part_number,
    name: row.name,
    quantity: Number(row.quantity),
    unitPriceFen: row.unit_price_fen,
    inStock: row.in_stock,
    status: row.status,
  };
}

function benefitsOf(row: AppointmentDetailsRow): Appointment['benefits'] {
  const rule = { dedicatedLane: row.dedicated_lane, noShowForfeitCount: Number(row.no_show_forfeit_count) };
  const recentNoShows = Number(row.recent_no_shows);
  return {
    dedicatedLane: dedicatedLaneOf({ status: row.status, recentNoShows, priorityMember: row.priority_member }, rule),
    priorityMember: row.priority_member,
    lostToNoShows: forfeitsBenefits(recentNoShows, rule),
    recentNoShows,
  };
}

const person = (id: string | null, name: string | null) => (id && name ? { id, name } : null);

/** Nothing may be done to it: what a reader without a desk at the dealer gets. */
export const NO_APPOINTMENT_ABILITIES: AppointmentAbilities = {
  reschedule: false,
  cancel: false,
  confirm: false,
  assign: false,
  checkIn: false,
};

export function presentAppointment(
  row: AppointmentDetailsRow,
  view: ContactView,
  parts: Selectable<PrepickItemsTable>[] = [],
  can: AppointmentAbilities = NO_APPOINTMENT_ABILITIES,
): Appointment {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    startsAt: row.starts_at.toISOString(),
    durationMinutes: row.duration_minutes,
    channel: row.channel,
    customer: { id: row.customer_id, name: row.customer_name, mobile: viewMobile(row.customer_mobile, view) },
    vehicle: { id: row.vehicle_id, plate: formatPlate(row.plate_key), modelName: row.model_name },
    requestedWork: row.requested_work,
    customerWords: row.customer_words,
    preferredSa: person(row.preferred_sa_id, row.preferred_sa_name),
    assignedSa: person(row.assigned_sa_id, row.assigned_sa_name),
    bookedBy: person(row.booked_by, row.booked_by_name),
    needsStaffReview: row.needs_staff_review,
    partsQuoteFen: row.parts_quote_fen,
    parts: parts.filter((p) => p.appointment_id === row.id).map(presentPrepick),
    confirmed: Boolean(row.confirmed),
    arrivedAt: row.arrived_at?.toISOString() ?? null,
    arrivalStatus: row.arrival_status,
    cancelReason: row.cancel_reason,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    dealer: { id: row.dealer_id, name: row.dealer_name },
    benefits: benefitsOf(row),
    can,
  };
}

/** The variables of the appointment SMS templates. Without a manage token, the link is the booking page. */
export function appointmentMessageVariables(
  row: AppointmentDetailsRow & { dealer_code: string },
  timeZone: string,
  dealerName: string,
  publicUrl: string,
  token: string | null,
) {
  const link = token ? publicLinkUrl(publicUrl, 'my-booking', row.dealer_code, token) : `${publicUrl}/book/${row.dealer_code}`;
  return {
    dealer: dealerName,
    name: row.customer_name,
    plate: formatPlate(row.plate_key),
    time: `${localDate(row.starts_at, timeZone)} ${localTime(row.starts_at, timeZone)}`,
    number: row.number,
    link,
    calendar: token ? `${publicLinkUrl(publicUrl, 'api/v1/public/appointments', row.dealer_code, token)}/calendar.ics` : link,
  };
}
