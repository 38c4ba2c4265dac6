import { formatPlate, type RescueCall, type RescueUnit } from '@servicebay/contracts';
import { type ContactView, viewMobile } from '../customers/customers.presenter.js';
import type { RescueCallRow, RescueUnitRow } from './rescue.repository.js';
import { responseMinutes } from './rescue.rules.js';

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function presentRescueCall(row: RescueCallRow, view: ContactView): RescueCall {
  const minutes = responseMinutes(row.received_at, row.arrived_at);
  return {
    id: row.id,
    dealer: { id: row.dealer_id, name: row.dealer_name },
    number: row.number,
    status: row.status,
    receivedAt: row.received_at.toISOString(),
    location: row.location,
    lat: row.lat,
    lng: row.lng,
    mobile: viewMobile(row.mobile, view),
    callerName: row.caller_name,
    plate: row.plate_key ? formatPlate(row.plate_key) : null,
    customer: row.customer_id && row.customer_name ? { id: row.customer_id, name: row.customer_name } : null,
    vehicleId: row.vehicle_id,
    problem: row.problem,
    description: row.description,
    unit:
      row.unit_id && row.unit_name && row.unit_kind && row.unit_phone
        ? { id: row.unit_id, name: row.unit_name, kind: row.unit_kind, phone: row.unit_phone }
        : null,
    dispatchedAt: iso(row.dispatched_at),
    arrivedAt: iso(row.arrived_at),
    completedAt: iso(row.completed_at),
    cancelledAt: iso(row.cancelled_at),
    cancelReason: row.cancel_reason,
    outcome: row.outcome,
    note: row.note,
    visitId: row.visit_id,
    responseMinutes: minutes === null ? null : Math.round(minutes),
    // What the outbox recorded, never what was hoped: `sent` only once the gateway took it.
    sms:
      row.sms_status && row.sms_recipient
        ? { to: viewMobile(row.sms_recipient, 'masked'), status: row.sms_status, sentAt: iso(row.sms_sent_at) }
        : null,
  };
}

export function presentRescueUnit(row: RescueUnitRow & { busy_call_id: string | null; busy_call_number: string | null }): RescueUnit {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    phone: row.phone,
    active: row.active,
    busyWith: row.busy_call_id && row.busy_call_number ? { id: row.busy_call_id, number: row.busy_call_number } : null,
  };
}
