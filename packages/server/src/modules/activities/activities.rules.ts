import { type ActivityState, type AttendanceMark, type InvitationState, MAX_ACTIVITY_LEAD_DAYS } from '@servicebay/contracts';

// Customer activities' rules (issue 17), pure: which step may follow which state, when the customer may
// sign up or cancel, when staff may mark attendance, and the report's figures. `now` is always passed in.

export type ActivityStep = 'edit' | 'open' | 'cancel' | 'close' | 'invite';

export type ActivityTimes = { startsAt: Date; endsAt: Date };

export type StepResult = { ok: true; to: ActivityState } | { ok: false; message: string };

/**
 * draft → open → closed; draft or open → cancelled. An activity is edited while draft or open and not
 * yet over; opened before it begins; closed once it has begun; cancelled before it ends; invitations
 * go out while it is open and has not begun.
 */
export function activityStep(state: ActivityState, step: ActivityStep, times: ActivityTimes, now: Date): StepResult {
  const begun = now.getTime() >= times.startsAt.getTime();
  const over = now.getTime() >= times.endsAt.getTime();
  switch (step) {
    case 'edit':
      if (state !== 'draft' && state !== 'open') return { ok: false, message: `a ${state} activity cannot be changed` };
      if (over) return { ok: false, message: 'the activity is over' };
      return { ok: true, to: state };
    case 'open':
      if (state !== 'draft') return { ok: false, message: `a ${state} activity cannot be opened` };
      if (begun) return { ok: false, message: 'the activity has already begun' };
      return { ok: true, to: 'open' };
    case 'cancel':
      if (state !== 'draft' && state !== 'open') return { ok: false, message: `a ${state} activity cannot be cancelled` };
      if (over) return { ok: false, message: 'the activity is over: close it instead' };
      return { ok: true, to: 'cancelled' };
    case 'close':
      if (state !== 'open') return { ok: false, message: `a ${state} activity cannot be closed` };
      if (!begun) return { ok: false, message: 'the activity has not begun yet' };
      return { ok: true, to: 'closed' };
    case 'invite':
      if (state !== 'open') return { ok: false, message: 'open the activity before inviting customers' };
      if (begun) return { ok: false, message: 'the activity has already begun' };
      return { ok: true, to: state };
  }
}

export const activityStepAllowed = (state: ActivityState, step: ActivityStep, times: ActivityTimes, now: Date) =>
  activityStep(state, step, times, now).ok;

/** When a new or changed activity may start: not in the past (a draft being edited neither), at most a year ahead. */
export function scheduleProblem(startsAt: Date, now: Date): 'in_past' | 'too_far_ahead' | null {
  if (startsAt.getTime() <= now.getTime()) return 'in_past';
  if (startsAt.getTime() - now.getTime() > MAX_ACTIVITY_LEAD_DAYS * 86_400_000) return 'too_far_ahead';
  return null;
}

/** Invitations holding a seat. */
export const HOLDS_SEAT: readonly InvitationState[] = ['signed_up', 'attended'];

export type SignUpClosed = 'not_open' | 'started' | 'full';

/**
 * Whether the customer may sign up now: the activity open and not begun, and a seat free (one already
 * signed up holds theirs). Null when they may.
 */
export function signUpProblem(
  activity: { state: ActivityState; startsAt: Date; capacity: number; seatsTaken: number },
  invitation: InvitationState,
  now: Date,
): SignUpClosed | null {
  if (activity.state !== 'open') return 'not_open';
  if (now.getTime() >= activity.startsAt.getTime()) return 'started';
  if (invitation === 'signed_up') return null;
  if (activity.seatsTaken >= activity.capacity) return 'full';
  return null;
}

/** Whether the customer may cancel (or decline) now: while the activity is open and has not begun. */
export function cancelProblem(activity: { state: ActivityState; startsAt: Date }, now: Date): 'not_open' | 'started' | null {
  if (activity.state !== 'open') return 'not_open';
  if (now.getTime() >= activity.startsAt.getTime()) return 'started';
  return null;
}

/** Staff mark who came once the activity has begun, while it is open or after it is closed. */
export function attendanceProblem(activity: { state: ActivityState; startsAt: Date }, now: Date): string | null {
  if (activity.state !== 'open' && activity.state !== 'closed') return `a ${activity.state} activity has no attendance`;
  if (now.getTime() < activity.startsAt.getTime()) return 'the activity has not begun yet';
  return null;
}

/** The invitation's state after an attendance mark (any invitation may be marked: a customer may come without signing up). */
export const stateAfterMark = (mark: AttendanceMark): InvitationState => mark;

/** The window whose payments count as the activity's revenue: from its start, `days` days. */
export function revenueWindow(startsAt: Date, days: number): { from: Date; until: Date } {
  return { from: startsAt, until: new Date(startsAt.getTime() + days * 86_400_000) };
}

/** The report's ratios: attendance over sign-ups, cost per attendee (to the fen), revenue per yuan spent. */
export function reportRatios(figures: { signedUp: number; attended: number; costFen: number; revenueFen: number }) {
  return {
    attendanceRate: figures.signedUp > 0 ? figures.attended / figures.signedUp : null,
    costPerAttendeeFen: figures.attended > 0 ? Math.round(figures.costFen / figures.attended) : null,
    revenuePerCost: figures.costFen > 0 ? Math.round((figures.revenueFen / figures.costFen) * 100) / 100 : null,
  };
}
