import type { Role } from '@servicebay/contracts';
import type { Selectable } from 'kysely';
import { type Actor, isCarMaker } from '../../platform/actor.js';
import type { ComplaintsTable } from '../../platform/db.schema.js';
import { definePolicy } from '../../platform/policy.js';
import { rolesGrant } from '../../platform/rbac.js';
import { type ComplaintAction, canDo, LEVEL_ROLES } from './complaints.rules.js';

/** What the rules look at on a case. */
export type CaseRecord = Pick<
  Selectable<ComplaintsTable>,
  'dealer_id' | 'status' | 'level' | 'owner_id' | 'handler_id' | 'first_responder_id' | 'car_maker_involved'
>;

/** The escalation levels a person holds: a service manager answers for level 1, a general manager for level 2. */
export const levelsHeld = (roles: readonly Role[]) => [1, 2].filter((level) => LEVEL_ROLES[level]!.some((r) => roles.includes(r)));

const atDealer = (actor: Actor, c: CaseRecord) => !isCarMaker(actor) && actor.dealerId === c.dealer_id;

/** A manager of the dealer handling the case. */
const manager = (actor: Actor, c: CaseRecord) =>
  atDealer(actor, c) && rolesGrant(actor.roles, 'complaint.register') && rolesGrant(actor.roles, 'complaint.manage');

/** Who works a case at its dealer: its owner, handler, first responder, the level it is escalated to, or a manager. */
const works = (actor: Actor, c: CaseRecord) => {
  if (!atDealer(actor, c) || !rolesGrant(actor.roles, 'complaint.register')) return false;
  if (rolesGrant(actor.roles, 'complaint.manage')) return true;
  if ([c.owner_id, c.handler_id, c.first_responder_id].includes(actor.userId)) return true;
  return levelsHeld(actor.roles).some((level) => level <= c.level);
};

/** The car maker's complaint desk, on a case it is involved in (it reads the rest of the network, but does not work it). */
const desk = (actor: Actor, c: CaseRecord) => isCarMaker(actor) && rolesGrant(actor.roles, 'complaint.network') && c.car_maker_involved;

/**
 * Who may do what to one complaint case. Services `authorize` before each use-case (403 naming the
 * action); the case's `can` carries the same answers, with the case's status, to the web app.
 */
export const complaintPolicy = definePolicy<CaseRecord, CaseActionName>('complaint', {
  update: works,
  acknowledge: works,
  communicate: (actor, c) => works(actor, c) || desk(actor, c),
  /** 首问负责制: the owner hands over, or a manager of the dealer. */
  handover: (actor, c) => ((works(actor, c) || desk(actor, c)) && c.owner_id === actor.userId) || manager(actor, c),
  assignHandler: manager,
  addRecovery: works,
  decideRecovery: works,
  accept: works,
  book: (actor, c) => works(actor, c) && rolesGrant(actor.roles, 'appointment.book'),
  close: works,
  reopen: works,
  assignDealer: desk,
  setDeadline: desk,
});

export type CaseActionName =
  | 'update'
  | 'acknowledge'
  | 'communicate'
  | 'handover'
  | 'assignHandler'
  | 'addRecovery'
  | 'decideRecovery'
  | 'accept'
  | 'book'
  | 'close'
  | 'reopen'
  | 'assignDealer'
  | 'setDeadline';

/** The step of the case's process each action is (the statuses it may start from). */
export const STEP_OF: Record<CaseActionName, ComplaintAction> = {
  update: 'work',
  acknowledge: 'acknowledge',
  communicate: 'work',
  handover: 'work',
  assignHandler: 'work',
  addRecovery: 'work',
  decideRecovery: 'work',
  accept: 'accept',
  book: 'work',
  close: 'close',
  reopen: 'reopen',
  assignDealer: 'work',
  setDeadline: 'work',
};

/** What this person can do to the case now: allowed to, and the case's status takes it. */
export function caseAbilities(actor: Actor, c: CaseRecord): Record<CaseActionName, boolean> {
  const allowed = complaintPolicy.abilities(actor, c);
  return Object.fromEntries(
    Object.entries(allowed).map(([action, yes]) => [action, yes && canDo(STEP_OF[action as CaseActionName], c.status)]),
  ) as Record<CaseActionName, boolean>;
}
