import {
  ACTIVITY_INVITE_CAP,
  type Activity,
  type ActivityAudience,
  type ActivityCancelInput,
  type ActivityInput,
  type ActivityInvitePreview,
  type ActivityInviteResult,
  type ActivityList,
  type ActivityListQuery,
  type ActivityReport,
  type ActivityUpdateInput,
  type AttendanceInput,
  type Invitation,
  type InvitationList,
  type PublicInvitation,
} from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { type AuditActor, recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { ConsentJson } from '../../platform/db.schema.js';
import { localDate, localTime } from '../../platform/dealer-time.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Jobs } from '../../platform/jobs.js';
import type { Outbox } from '../../platform/outbox.js';
import { randomToken, sha256 } from '../../platform/passwords.js';
import { linkDealers, type PublicLink, publicLinkUrl } from '../../platform/public-links.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { dealerScopeOf, requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { createCustomerValueRepository } from '../customers/customer-value.repository.js';
import { contactViewOf } from '../customers/customers.presenter.js';
import { activityPolicy } from './activities.policy.js';
import { presentActivity, presentInvitation } from './activities.presenter.js';
import { type ActivitiesTable, createActivitiesRepository } from './activities.repository.js';
import {
  type ActivityStep,
  activityStep,
  attendanceProblem,
  cancelProblem,
  reportRatios,
  revenueWindow,
  scheduleProblem,
  signUpProblem,
} from './activities.rules.js';

type Deps = { db: Database; reads: ReadRouter; clock: Clock; outbox: Outbox; jobs: Jobs; publicUrl: string };

const SCHEDULE_MESSAGES = { in_past: 'the activity must start in the future', too_far_ahead: 'at most a year ahead' } as const;

type LockedActivity = NonNullable<Awaited<ReturnType<ReturnType<typeof createActivitiesRepository>['lock']>>>;

/** Customer activities (客户活动, issue 17): the activity, its invitations by SMS, sign-up by link, attendance, the report. */
export function createActivitiesService({ db, reads, clock, outbox, jobs, publicUrl }: Deps) {
  const signUpUrl = (dealerCode: string, token: string) => publicLinkUrl(publicUrl, 'activity', dealerCode, token);

  async function present(tx: Database, actor: Actor, id: string): Promise<Activity> {
    const row = await createActivitiesRepository(tx).find(scopeOf(actor), id);
    if (!row) throw notFound('activity');
    return presentActivity(row, actor, clock.now());
  }

  /** Locks the acting dealer's activity, checks the actor runs it (403) and the step may be taken now (409). */
  async function loadForStep(tx: Database, actor: Actor, id: string, step: ActivityStep): Promise<LockedActivity> {
    const row = await createActivitiesRepository(tx).lock(requireDealer(actor), id);
    if (!row) throw notFound('activity');
    const times = { startsAt: row.starts_at, endsAt: row.ends_at };
    activityPolicy.authorize(actor, 'manage', { dealer_id: row.dealer_id, state: row.state, ...times });
    const result = activityStep(row.state, step, times, clock.now());
    if (!result.ok) throw new AppError('invalid_transition', { detail: result.message, extra: { state: row.state } });
    return row;
  }

  async function audit(tx: Database, actor: AuditActor, action: string, id: string, after: unknown, now: Date) {
    await recordAudit(tx, actor, { action: `activity.${action}`, entityType: 'activity', entityId: id, after }, now);
  }

  /** The plan an activity names must be one of the dealer's activity plans that no other activity carries out. */
  async function checkWorkPlan(tx: Database, dealerId: string, planId: string | null | undefined, activityId: string | null) {
    if (!planId) return;
    const plan = await createActivitiesRepository(tx).workPlan(dealerId, planId);
    if (!plan || plan.kind !== 'activity')
      throw AppError.field('validation_failed', 'workPlanId', 'unknown_plan', 'no such activity plan at this dealer');
    if (plan.activityId && plan.activityId !== activityId)
      throw AppError.field('validation_failed', 'workPlanId', 'plan_taken', 'another activity carries out this plan');
  }

  function checkSchedule(startsAt: Date, now: Date) {
    const problem = scheduleProblem(startsAt, now);
    if (problem) throw AppError.field('validation_failed', 'startsAt', problem, SCHEDULE_MESSAGES[problem]);
  }

  /**
   * The customers an audience names at the dealer: a customer-value filter (as the value page lists it,
   * highest value first) or customers picked by hand; refused above the cap, never cut.
   */
  async function audienceOf(tx: Database, actor: Actor, dealerId: string, activityId: string, audience: ActivityAudience) {
    const repo = createActivitiesRepository(tx);
    let ids: string[];
    let matched: number;
    if (audience.customerIds) {
      ids = [...new Set(audience.customerIds)];
      matched = ids.length;
    } else {
      const { rows, total } = await createCustomerValueRepository(tx).list(dealerScopeOf(actor), {
        ...(audience.segments ? { segments: audience.segments } : {}),
        ...(audience.tiers ? { tiers: audience.tiers } : {}),
        ...(audience.priority ? { priority: audience.priority } : {}),
        sort: 'value',
        offset: 0,
        limit: ACTIVITY_INVITE_CAP,
      });
      ids = rows.map((r) => r.customer_id);
      matched = total;
    }
    const customers = await repo.customersAt(dealerId, ids);
    if (audience.customerIds && customers.length !== ids.length)
      throw AppError.field('validation_failed', 'customerIds', 'unknown_customer', 'a customer is not one of this dealer’s');
    const invited = await repo.invitedAmong(dealerId, activityId, ids);
    const fresh = customers.filter((c) => !invited.has(c.id));
    const optedOut = fresh.filter((c) => !(c.consent as ConsentJson).sms);
    const toInvite = fresh.filter((c) => (c.consent as ConsentJson).sms);
    return { matched, overCap: matched > ACTIVITY_INVITE_CAP, alreadyInvited: invited.size, optedOut, toInvite };
  }

  /** The invitation a link opens; 404 for any other text (nothing says whether it ever existed). */
  async function byToken(tx: Database, link: PublicLink) {
    const row = await createActivitiesRepository(tx).byToken(await linkDealers(tx, link), sha256(link.token));
    if (!row) throw notFound('invitation');
    return row;
  }

  async function publicView(tx: Database, link: PublicLink): Promise<PublicInvitation> {
    const row = await byToken(tx, link);
    const now = clock.now();
    const seatsTaken = await createActivitiesRepository(tx).seatsTaken(row.dealer_id, row.activity_id);
    const activity = { state: row.activity_state, startsAt: row.starts_at, capacity: row.capacity, seatsTaken };
    const signUp = row.state === 'invited' || row.state === 'cancelled' ? signUpProblem(activity, row.state, now) : null;
    const canSignUp = (row.state === 'invited' || row.state === 'cancelled') && signUp === null;
    const canCancel = (row.state === 'invited' || row.state === 'signed_up') && cancelProblem(activity, now) === null;
    return {
      dealer: { name: row.dealer_name, phone: row.dealer_phone },
      activity: {
        kind: row.kind,
        title: row.title,
        place: row.place,
        content: row.content,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        state: row.activity_state,
        timeZone: row.time_zone,
      },
      customerName: row.customer_name,
      state: row.state,
      canSignUp,
      canCancel,
      closedBecause: signUp,
    };
  }

  /** A step the customer takes on the page, under the activity's lock (the last seat goes to exactly one). */
  async function customerStep(link: PublicLink, step: 'sign_up' | 'cancel'): Promise<PublicInvitation> {
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const found = await byToken(tx, link);
      const repo = createActivitiesRepository(tx);
      const activity = (await repo.lock(found.dealer_id, found.activity_id))!;
      const invitation = (await repo.lockInvitation(found.dealer_id, found.id))!;
      const target = step === 'sign_up' ? 'signed_up' : 'cancelled';
      if (invitation.state === target) return publicView(tx, link);
      if (invitation.state === 'attended' || invitation.state === 'no_show')
        throw new AppError('invalid_transition', { detail: 'the activity has taken place', extra: { state: invitation.state } });
      if (step === 'sign_up') {
        const seatsTaken = await repo.seatsTaken(found.dealer_id, found.activity_id);
        const problem = signUpProblem(
          { state: activity.state, startsAt: activity.starts_at, capacity: activity.capacity, seatsTaken },
          invitation.state,
          now,
        );
        if (problem === 'full') throw new AppError('activity_full', { detail: 'every place is taken' });
        if (problem) throw new AppError('signup_closed', { detail: 'the activity takes no sign-ups now', extra: { reason: problem } });
        await repo.updateInvitation(found.dealer_id, found.id, { state: 'signed_up', signed_up_at: now, cancelled_at: null });
      } else {
        const problem = cancelProblem({ state: activity.state, startsAt: activity.starts_at }, now);
        if (problem)
          throw new AppError('signup_closed', { detail: 'the activity can no longer be cancelled here', extra: { reason: problem } });
        await repo.updateInvitation(found.dealer_id, found.id, { state: 'cancelled', cancelled_at: now, signed_up_at: null });
      }
      const actor: AuditActor = { networkId: found.network_id, dealerId: found.dealer_id, userId: null, tokenId: null, requestId: null };
      await recordAudit(
        tx,
        actor,
        {
          action: `activity.${step === 'sign_up' ? 'signed_up' : 'sign_up_cancelled'}`,
          entityType: 'activity_invitation',
          entityId: found.id,
          before: { state: invitation.state },
          after: { state: target },
        },
        now,
      );
      return publicView(tx, link);
    });
  }

  return {
    async list(actor: Actor, query: ActivityListQuery): Promise<ActivityList> {
      authorize(actor, 'activity.read');
      const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
      const rows = await createActivitiesRepository(db).list(scope, { state: query.state, limit: query.limit });
      const now = clock.now();
      return { items: rows.map((row) => presentActivity(row, actor, now)) };
    },

    async get(actor: Actor, id: string): Promise<Activity> {
      authorize(actor, 'activity.read');
      return present(db, actor, id);
    },

    async create(actor: Actor, input: ActivityInput): Promise<Activity> {
      authorize(actor, 'activity.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      checkSchedule(new Date(input.startsAt), now);
      return inTransaction(db, async (tx) => {
        await checkWorkPlan(tx, dealerId, input.workPlanId, null);
        const id = newId();
        await createActivitiesRepository(tx).insert({
          dealer_id: dealerId,
          id,
          kind: input.kind,
          title: input.title,
          place: input.place,
          content: input.content ?? '',
          starts_at: new Date(input.startsAt),
          ends_at: new Date(input.endsAt),
          capacity: input.capacity,
          cost_fen: input.costFen ?? 0,
          state: 'draft',
          work_plan_id: input.workPlanId ?? null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await audit(tx, actor, 'created', id, input, now);
        return present(tx, actor, id);
      });
    },

    async update(actor: Actor, id: string, input: ActivityUpdateInput): Promise<Activity> {
      authorize(actor, 'activity.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createActivitiesRepository(tx);
        const before = await loadForStep(tx, actor, id, 'edit');
        if (before.version !== input.version) throw versionConflict(before.version);
        const startsAt = new Date(input.startsAt);
        if (startsAt.getTime() !== before.starts_at.getTime()) checkSchedule(startsAt, now);
        const seatsTaken = await repo.seatsTaken(dealerId, id);
        if (input.capacity < seatsTaken)
          throw AppError.field('validation_failed', 'capacity', 'below_seats_taken', `${seatsTaken} customers have signed up already`);
        await checkWorkPlan(tx, dealerId, input.workPlanId, id);
        const changes = {
          kind: input.kind,
          title: input.title,
          place: input.place,
          content: input.content ?? '',
          starts_at: startsAt,
          ends_at: new Date(input.endsAt),
          capacity: input.capacity,
          cost_fen: input.costFen ?? 0,
          work_plan_id: input.workPlanId ?? null,
          updated_at: now,
        } satisfies Partial<Record<keyof ActivitiesTable, unknown>>;
        if (!(await repo.update(dealerId, id, before.version, changes))) throw versionConflict(before.version + 1);
        await recordAudit(
          tx,
          actor,
          { action: 'activity.changed', entityType: 'activity', entityId: id, before: { ...before, created_at: undefined }, after: input },
          now,
        );
        return present(tx, actor, id);
      });
    },

    async open(actor: Actor, id: string): Promise<Activity> {
      return stateStep(actor, id, 'open', { state: 'open' });
    },

    async cancel(actor: Actor, id: string, input: ActivityCancelInput): Promise<Activity> {
      return stateStep(actor, id, 'cancel', { state: 'cancelled', cancel_reason: input.reason });
    },

    /** Closed after it took place: the attendance stays open to corrections, the report counts from its start. */
    async close(actor: Actor, id: string): Promise<Activity> {
      return stateStep(actor, id, 'close', { state: 'closed' });
    },

    async previewInvite(actor: Actor, id: string, audience: ActivityAudience): Promise<ActivityInvitePreview> {
      authorize(actor, 'activity.manage');
      const dealerId = requireDealer(actor);
      return inTransaction(db, async (tx) => {
        const row = await createActivitiesRepository(tx).find(dealerScopeOf(actor), id);
        if (!row) throw notFound('activity');
        const found = await audienceOf(tx, actor, dealerId, id, audience);
        return {
          matched: found.matched,
          toInvite: found.overCap ? 0 : found.toInvite.length,
          optedOut: found.optedOut.length,
          alreadyInvited: found.alreadyInvited,
          cap: ACTIVITY_INVITE_CAP,
          overCap: found.overCap,
        };
      });
    },

    /**
     * Invites an audience: one invitation with its own sign-up link per customer, and its SMS, written
     * in one transaction. Customers who opted out of SMS (回复退订) are not invited; one invited before is
     * never texted again. An audience above the cap is refused whole, to be narrowed.
     */
    async invite(actor: Actor, id: string, audience: ActivityAudience): Promise<ActivityInviteResult> {
      authorize(actor, 'activity.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createActivitiesRepository(tx);
        const activity = await loadForStep(tx, actor, id, 'invite');
        const found = await audienceOf(tx, actor, dealerId, id, audience);
        if (found.overCap)
          throw new AppError('validation_failed', {
            detail: `the audience holds ${found.matched} customers; at most ${ACTIVITY_INVITE_CAP} are invited at once: narrow it`,
            errors: [{ field: 'segments', code: 'too_many_customers', message: `at most ${ACTIVITY_INVITE_CAP} customers at once` }],
            extra: { matched: found.matched, cap: ACTIVITY_INVITE_CAP },
          });
        const dealer = await repo.smsSettings(dealerId);
        const quietHours = {
          timeZone: dealer.time_zone,
          quietHoursStart: dealer.quiet_hours_start ?? '21:00',
          quietHoursEnd: dealer.quiet_hours_end ?? '08:00',
        };
        const time = `${localDate(activity.starts_at, dealer.time_zone)} ${localTime(activity.starts_at, dealer.time_zone)}`;
        const rows = found.toInvite.map((customer) => {
          const invitationId = newId();
          const token = randomToken();
          const sms = outbox.prepare(
            {
              networkId: actor.networkId,
              dealerId,
              customerId: customer.id,
              channel: 'sms',
              recipient: customer.mobile,
              template: 'activity.invitation',
              locale: audience.locale ?? 'zh-CN',
              variables: {
                dealer: dealer.name,
                name: customer.name,
                title: activity.title,
                time,
                place: activity.place,
                link: signUpUrl(dealer.code, token),
              },
              dedupeKey: `activity-invitation:${invitationId}`,
            },
            { consent: customer.consent as ConsentJson, quietHours },
          );
          return {
            invitation: {
              dealer_id: dealerId,
              id: invitationId,
              activity_id: id,
              customer_id: customer.id,
              token_hash: sha256(token),
              state: 'invited' as const,
              invited_at: now,
              invited_by: actor.userId,
              message_id: sms.row.id,
            },
            message: sms.row,
            delivery: sms.delivery,
          };
        });
        const invited = await repo.insertInvitations(rows.map(({ invitation, message }) => ({ invitation, message })));
        await jobs.sendAll(
          tx,
          rows.filter((r) => invited.has(r.invitation.customer_id)).map((r) => r.delivery),
        );
        const result = {
          matched: found.matched,
          invited: invited.size,
          skippedOptedOut: found.optedOut.length,
          alreadyInvited: found.alreadyInvited + (rows.length - invited.size),
          cap: ACTIVITY_INVITE_CAP,
        };
        await audit(tx, actor, 'invited', id, { audience, ...result }, now);
        return result;
      });
    },

    async invitations(actor: Actor, id: string): Promise<InvitationList> {
      authorize(actor, 'activity.read');
      const scope = scopeOf(actor);
      const repo = createActivitiesRepository(db);
      if (!(await repo.find(scope, id))) throw notFound('activity');
      const view = contactViewOf(actor);
      return { items: (await repo.invitations(scope, id)).map((row) => presentInvitation(row, view)) };
    },

    /** Staff mark who came (or did not) once the activity has begun; a mark may be corrected. */
    async markAttendance(actor: Actor, id: string, invitationId: string, input: AttendanceInput): Promise<Invitation> {
      authorize(actor, 'activity.manage');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createActivitiesRepository(tx);
        const activity = await repo.lock(dealerId, id);
        if (!activity) throw notFound('activity');
        activityPolicy.authorize(actor, 'manage', {
          dealer_id: activity.dealer_id,
          state: activity.state,
          startsAt: activity.starts_at,
          endsAt: activity.ends_at,
        });
        const problem = attendanceProblem({ state: activity.state, startsAt: activity.starts_at }, now);
        if (problem) throw new AppError('invalid_transition', { detail: problem, extra: { state: activity.state } });
        const invitation = await repo.lockInvitation(dealerId, invitationId);
        if (!invitation || invitation.activity_id !== id) throw notFound('invitation');
        await repo.updateInvitation(dealerId, invitationId, {
          state: input.mark,
          attended_at: input.mark === 'attended' ? (invitation.attended_at ?? now) : null,
          attendance_marked_by: actor.userId,
        });
        await recordAudit(
          tx,
          actor,
          {
            action: 'activity.attendance',
            entityType: 'activity_invitation',
            entityId: invitationId,
            before: { state: invitation.state },
            after: { state: input.mark },
          },
          now,
        );
        const row = (await repo.invitations(dealerScopeOf(actor), id)).find((i) => i.id === invitationId)!;
        return presentInvitation(row, contactViewOf(actor));
      });
    },

    /** Invited, signed up, came; the cost per attendee; what the attendees paid at the dealer in the days after. */
    async report(actor: Actor, id: string, query: { days: number }): Promise<ActivityReport> {
      authorize(actor, 'activity.read');
      const repo = createActivitiesRepository(await reads.forReport(actor));
      const row = await repo.find(scopeOf(actor), id);
      if (!row) throw notFound('activity');
      const window = revenueWindow(row.starts_at, query.days);
      const revenue = await repo.attendeeRevenue(row.dealer_id, id, window.from, window.until);
      const costFen = Number(row.cost_fen);
      const figures = { signedUp: row.signed_up ?? 0, attended: row.attended ?? 0, costFen, revenueFen: revenue.revenueFen };
      return {
        activity: {
          id: row.id,
          title: row.title,
          state: row.state,
          startsAt: row.starts_at.toISOString(),
          dealer: { id: row.dealer_id, name: row.dealer_name },
        },
        invited: row.invited ?? 0,
        signedUp: figures.signedUp,
        attended: figures.attended,
        noShow: row.no_show ?? 0,
        costFen,
        revenueFen: revenue.revenueFen,
        revenueDays: query.days,
        revenueFrom: window.from.toISOString(),
        revenueUntil: window.until.toISOString(),
        attendeesWithRevenue: revenue.payers,
        ...reportRatios(figures),
      };
    },

    // The customer's phone page: the token opens this one invitation, nothing else.
    publicGet(link: PublicLink): Promise<PublicInvitation> {
      return publicView(db, link);
    },
    signUp(link: PublicLink): Promise<PublicInvitation> {
      return customerStep(link, 'sign_up');
    },
    cancelSignUp(link: PublicLink): Promise<PublicInvitation> {
      return customerStep(link, 'cancel');
    },
  };

  async function stateStep(
    actor: Actor,
    id: string,
    step: 'open' | 'cancel' | 'close',
    changes: { state: 'open' | 'cancelled' | 'closed'; cancel_reason?: string },
  ): Promise<Activity> {
    authorize(actor, 'activity.manage');
    const dealerId = requireDealer(actor);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const row = await loadForStep(tx, actor, id, step);
      const at = { open: { opened_at: now }, cancel: { cancelled_at: now }, close: { closed_at: now } }[step];
      if (!(await createActivitiesRepository(tx).update(dealerId, id, row.version, { ...changes, ...at, updated_at: now })))
        throw versionConflict(row.version + 1);
      await audit(tx, actor, step === 'cancel' ? 'cancelled' : step === 'open' ? 'opened' : 'closed', id, changes, now);
      return present(tx, actor, id);
    });
  }
}

export type ActivitiesService = ReturnType<typeof createActivitiesService>;
