import type { Role } from '@servicebay/contracts';
import type { Actor } from '../../platform/actor.js';
import { definePolicy } from '../../platform/policy.js';
import { rolesGrant } from '../../platform/rbac.js';
import type { RoStatus } from './repair-orders.rules.js';

/** What a rule needs of a repair order: whose it is and where it stands. */
export type RepairOrderRecord = { dealer_id: string; status: string };

/** Who settles the bill: the cashier, or the advisor or service manager at the desk. */
export const CASHIER_ROLES: readonly Role[] = ['cashier', 'service_advisor', 'service_manager'];
/** Who dispatches (派工): the workshop controller, or the service manager standing in. */
export const DISPATCHER_ROLES: readonly Role[] = ['workshop_controller', 'service_manager'];

const ownDealer = (actor: Actor, ro: RepairOrderRecord) => actor.dealerId === ro.dealer_id;
const writer = (actor: Actor, ro: RepairOrderRecord) => ownDealer(actor, ro) && rolesGrant(actor.roles, 'repair_order.write');
const holding = (roles: readonly Role[]) => (actor: Actor, ro: RepairOrderRecord) =>
  ownDealer(actor, ro) && rolesGrant(actor.roles, 'repair_order.read') && actor.roles.some((r) => roles.includes(r));

/**
 * Who may do what to one repair order, at its own dealer (the car maker reads only). Services call
 * `authorize` before each use-case (403); whether the order's status allows it is the rules' answer (409).
 */
export const repairOrderPolicy = definePolicy('repair_order', {
  edit: writer,
  sign: writer,
  /** The workshop steps of the transition endpoint: in progress, quality check, ready. */
  advance: writer,
  cancel: writer,
  proposeWork: writer,
  deliver: writer,
  shareProgress: writer,
  invoice: holding(CASHIER_ROLES),
  dispatch: holding(DISPATCHER_ROLES),
  qualityCheck: holding(['quality_inspector']),
  /** Taking money back is the cashier's or the service manager's, never the advisor's alone. */
  reversePayment: holding(['cashier', 'service_manager']),
});

export type RepairOrderAction = Parameters<typeof repairOrderPolicy.can>[1];

const is =
  (...statuses: RoStatus[]) =>
  (ro: RepairOrderRecord) =>
    statuses.includes(ro.status as RoStatus);
const POSSIBLE: Record<RepairOrderAction, (ro: RepairOrderRecord) => boolean> = {
  /** The order form edits an order before it is signed; afterwards lines change through additional work. */
  edit: is('open'),
  sign: is('open'),
  advance: is('authorised', 'in_progress', 'quality_check'),
  cancel: is('open', 'authorised', 'in_progress'),
  proposeWork: is('authorised', 'in_progress'),
  deliver: is('invoiced'),
  shareProgress: is('open', 'authorised', 'in_progress', 'quality_check', 'ready', 'invoiced'),
  invoice: is('ready'),
  dispatch: is('authorised', 'in_progress'),
  qualityCheck: is('quality_check'),
  reversePayment: is('invoiced'),
};

/** `can` as it goes out with each repair order: allowed to this user and possible in its status, per action. */
export function repairOrderAbilities(actor: Actor, record: RepairOrderRecord): Record<RepairOrderAction, boolean> {
  const allowed = repairOrderPolicy.abilities(actor, record);
  return Object.fromEntries(
    Object.entries(allowed).map(([action, yes]) => [action, yes && POSSIBLE[action as RepairOrderAction](record)]),
  ) as Record<RepairOrderAction, boolean>;
}
