import type { Activity, Invitation } from '@servicebay/contracts';
import type { Actor } from '../../platform/actor.js';
import { type ContactView, viewMobile } from '../customers/customers.presenter.js';
import { activityAbilities } from './activities.policy.js';
import type { ActivityRow, InvitationRow } from './activities.repository.js';

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function presentActivity(row: ActivityRow, actor: Actor, now: Date): Activity {
  return {
    id: row.id,
    dealer: { id: row.dealer_id, name: row.dealer_name },
    kind: row.kind,
    title: row.title,
    place: row.place,
    content: row.content,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    capacity: row.capacity,
    costFen: Number(row.cost_fen),
    state: row.state,
    workPlanId: row.work_plan_id,
    cancelReason: row.cancel_reason,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    counts: {
      invited: row.invited ?? 0,
      signedUp: row.signed_up ?? 0,
      attended: row.attended ?? 0,
      noShow: row.no_show ?? 0,
      cancelled: row.cancelled ?? 0,
      seatsTaken: row.seats_taken ?? 0,
    },
    can: activityAbilities(actor, { dealer_id: row.dealer_id, state: row.state, startsAt: row.starts_at, endsAt: row.ends_at }, now),
  };
}

export function presentInvitation(row: InvitationRow, view: ContactView): Invitation {
  return {
    id: row.id,
    customer: { id: row.customer_id, name: row.customer_name, mobile: viewMobile(row.customer_mobile, view) },
    state: row.state,
    invitedAt: row.invited_at.toISOString(),
    signedUpAt: iso(row.signed_up_at),
    cancelledAt: iso(row.cancelled_at),
    attendedAt: iso(row.attended_at),
    sms: row.sms_status ?? null,
  };
}
