import { type Customer, maskMobile, type Role, type TimelineEvent } from '@servicebay/contracts';
import { rolesGrant } from '../../platform/rbac.js';
import type { CustomerRow } from './customers.repository.js';

/**
 * How much of a customer's contact details a response may carry. Every presenter that outputs a
 * customer's mobile or birthday takes one: `contactViewOf(actor)` for what goes to the API caller,
 * `'full'` only for audit records and documents the customer receives.
 */
export type ContactView = 'full' | 'masked';

/** Roles without `customer.contact.read` (the workshop floor) receive the mobile masked and no birthday. */
export function contactViewOf(viewer: { roles: readonly Role[] }): ContactView {
  return rolesGrant(viewer.roles, 'customer.contact.read') ? 'full' : 'masked';
}

/** The mobile as this view may carry it: 138****5678 when masked. */
export function viewMobile(mobile: string, view: ContactView): string;
export function viewMobile(mobile: string | null, view: ContactView): string | null;
export function viewMobile(mobile: string | null, view: ContactView): string | null {
  if (mobile === null || view === 'full') return mobile;
  return mobile.length === 11 ? maskMobile(mobile) : '****';
}

/** The birthday, or null when masked. */
export function viewBirthday(birthday: string | null, view: ContactView): string | null {
  return view === 'full' ? birthday : null;
}

export function presentCustomer(row: CustomerRow, view: ContactView): Customer {
  return {
    id: row.id,
    name: row.name,
    mobile: viewMobile(row.mobile, view),
    kind: row.kind,
    gender: row.gender,
    birthday: viewBirthday(row.birthday, view),
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
