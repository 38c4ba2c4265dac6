import type { Customer, TimelineEvent } from '@servicebay/contracts';
import type { CustomerRow } from './customers.repository.js';

export function presentCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    mobile: row.mobile,
    kind: row.kind as Customer['kind'],
    gender: row.gender as Customer['gender'],
    birthday: row.birthday,
    email: row.email,
    city: row.city,
    address: row.address,
    notes: row.notes,
    consent: row.consent,
    consentUpdatedAt: row.consent_updated_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentTimelineEvent(row: {
  id: string;
  kind: string;
  occurred_at: Date;
  vehicle_id: string | null;
  data: Record<string, unknown>;
  dealer_name: string | null;
  actor_name: string | null;
}): TimelineEvent {
  return {
    id: row.id,
    kind: row.kind,
    occurredAt: row.occurred_at.toISOString(),
    vehicleId: row.vehicle_id,
    dealerName: row.dealer_name,
    actorName: row.actor_name,
    data: row.data,
  };
}
