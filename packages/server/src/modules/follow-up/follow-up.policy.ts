import type { Actor } from '../../platform/actor.js';
import { definePolicy } from '../../platform/policy.js';
import { rolesGrant } from '../../platform/rbac.js';

/** What the rules look at on a follow-up task. */
export type TaskRecord = { dealer_id: string; owner_id: string | null; status: string };

const atDealer = (actor: Actor, task: TaskRecord) => actor.dealerId !== null && actor.dealerId === task.dealer_id;

/** The call's owner works it (or anyone while it has none); a supervisor works any. */
const works = (actor: Actor, task: TaskRecord) =>
  atDealer(actor, task) &&
  rolesGrant(actor.roles, 'follow_up.work') &&
  (!task.owner_id || task.owner_id === actor.userId || rolesGrant(actor.roles, 'follow_up.manage'));

/**
 * Who may do what to one follow-up task. Services `authorize` before each use-case (403 naming the
 * action); each task carries the answers as `can` (with its status: a closed call takes no more
 * attempts), which the workbench and the call screen use.
 */
export const followUpTaskPolicy = definePolicy<TaskRecord, 'work' | 'book' | 'reassign'>('follow_up_task', {
  work: works,
  book: (actor, task) => works(actor, task) && rolesGrant(actor.roles, 'appointment.book'),
  reassign: (actor, task) => atDealer(actor, task) && rolesGrant(actor.roles, 'follow_up.manage'),
});

/** What this person can do to the task now: allowed, and an open call for the call's actions. */
export function taskAbilities(actor: Actor, task: TaskRecord) {
  const can = followUpTaskPolicy.abilities(actor, task);
  const open = task.status === 'open';
  return { work: can.work && open, book: can.book && open, reassign: can.reassign };
}
