import type { Actor } from '../../platform/actor.js';
import { definePolicy } from '../../platform/policy.js';
import { rolesGrant } from '../../platform/rbac.js';
import { type ActivityStep, type ActivityTimes, activityStepAllowed, attendanceProblem } from './activities.rules.js';

/** What the rules look at on an activity. */
export type ActivityRecord = ActivityTimes & { dealer_id: string; state: 'draft' | 'open' | 'closed' | 'cancelled' };

/** Its own dealer's managers run an activity; the car maker and other dealers only read. */
const runs = (actor: Actor, activity: ActivityRecord) =>
  actor.dealerId !== null && actor.dealerId === activity.dealer_id && rolesGrant(actor.roles, 'activity.manage');

/** Who may act on one activity at all (403 naming the action); whether its state allows it now is the rules' (409). */
export const activityPolicy = definePolicy<ActivityRecord, 'manage'>('activity', { manage: runs });

/** What this person can do to the activity now: allowed, and the state and time allow it. */
export function activityAbilities(actor: Actor, activity: ActivityRecord, now: Date) {
  const may = activityPolicy.can(actor, 'manage', activity);
  const step = (s: ActivityStep) => may && activityStepAllowed(activity.state, s, activity, now);
  return {
    edit: step('edit'),
    open: step('open'),
    cancel: step('cancel'),
    close: step('close'),
    invite: step('invite'),
    markAttendance: may && attendanceProblem(activity, now) === null,
  };
}
