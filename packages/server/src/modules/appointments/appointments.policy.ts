import type { Permission } from '@servicebay/contracts';
import type { Actor } from '../../platform/actor.js';
import { definePolicy } from '../../platform/policy.js';
import { rolesGrant } from '../../platform/rbac.js';
import { type AppointmentStatus, canTransition, isOpen } from './appointments.rules.js';

/** What a rule needs of an appointment: whose it is and where it stands. */
export type AppointmentRecord = { dealer_id: string; status: string };

/** Changes happen at the appointment's own dealer, by its staff holding the grant; the car maker reads only. */
const atDealer = (permission: Permission) => (actor: Actor, record: AppointmentRecord) =>
  actor.dealerId === record.dealer_id && rolesGrant(actor.roles, permission);

/**
 * Who may do what to one appointment; the service calls `authorize` before each use-case (a refusal
 * is 403). Whether the appointment's status allows it is the rules' answer (409), checked after.
 */
export const appointmentPolicy = definePolicy('appointment', {
  reschedule: atDealer('appointment.book'),
  cancel: atDealer('appointment.book'),
  confirm: atDealer('appointment.book'),
  assign: atDealer('appointment.assign'),
  checkIn: atDealer('appointment.checkin'),
});

export type AppointmentAction = Parameters<typeof appointmentPolicy.can>[1];

const open = (a: AppointmentRecord) => isOpen(a.status as AppointmentStatus);
const POSSIBLE: Record<AppointmentAction, (a: AppointmentRecord) => boolean> = {
  reschedule: open,
  cancel: open,
  confirm: open,
  assign: open,
  checkIn: (a) => canTransition(a.status as AppointmentStatus, 'arrived'),
};

/** `can` as it goes out with each appointment: allowed to this user and possible in its status, per action. */
export function appointmentAbilities(actor: Actor, record: AppointmentRecord): Record<AppointmentAction, boolean> {
  const allowed = appointmentPolicy.abilities(actor, record);
  return Object.fromEntries(
    Object.entries(allowed).map(([action, yes]) => [action, yes && POSSIBLE[action as AppointmentAction](record)]),
  ) as Record<AppointmentAction, boolean>;
}
