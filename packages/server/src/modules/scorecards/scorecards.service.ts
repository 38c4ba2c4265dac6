import {
  type NetworkScorecard,
  SCORECARD_MAX_MONTHS,
  SCORECARD_ROLES,
  type Scorecard,
  type ScorecardList,
  type ScorecardMetricSetting,
  type ScorecardNetworkQuery,
  type ScorecardPeriodQuery,
  type ScorecardRole,
  type ScorecardSettings,
  type ScorecardSettingsInput,
  type ScorecardTeamQuery,
} from '@servicebay/contracts';
import { type Actor, authorize, NETWORK_TIME_ZONE } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { dealerScopeOf, type Scope, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { createNetworkRepository } from '../network/network.repository.js';
import { type KpiCounts, sumMonths } from '../network/network-cockpit.rules.js';
import { createScorecardsRepository, type MonthRange } from './scorecards.repository.js';
import {
  bookingIncentiveOf,
  effectiveSettings,
  METRICS,
  meanOf,
  measuresOf,
  monthCount,
  type PersonCounts,
  scoreCard,
  scoredRolesOf,
  settingsProblems,
  teamRolesOf,
} from './scorecards.rules.js';

type Period = MonthRange & { months: number };

/** Staff scorecards (人员考核, domain.md §10), computed when read from the period's records. */
export function createScorecardsService({ db, reads, clock }: { db: Database; reads: ReadRouter; clock: Clock }) {
  const todayOf = (actor: Actor) => localDate(clock.now(), actor.dealerId === null ? NETWORK_TIME_ZONE : actor.timeZone);

  /** One month (`period`) or a range of months (`from`, `to`, both needed), else the running month. */
  function periodOf(actor: Actor, query: ScorecardPeriodQuery): Period {
    if (query.period && (query.from || query.to))
      throw AppError.field('validation_failed', 'period', 'period_or_range', 'give a month or a from/to range, not both');
    if (query.from && !query.to) throw AppError.field('validation_failed', 'to', 'required', 'a range needs its last month');
    if (query.to && !query.from) throw AppError.field('validation_failed', 'from', 'required', 'a range needs its first month');
    const from = query.period ?? query.from ?? todayOf(actor).slice(0, 7);
    const to = query.period ?? query.to ?? from;
    if (to < from) throw AppError.field('validation_failed', 'to', 'before_from', 'the period ends before it starts');
    const months = monthCount(from, to);
    if (months > SCORECARD_MAX_MONTHS)
      throw AppError.field('validation_failed', 'to', 'too_long', `at most ${SCORECARD_MAX_MONTHS} months at a time`);
    return { from, to, months };
  }

  /**
   * The cards of the active staff in scope holding the roles (one per role held), all from the same
   * reads: the advisors' counts of the KPI rollup's query, the other staff measures, the settings.
   */
  async function cardsOf(db: Database, scope: Scope, period: Period, today: string, roles: readonly ScorecardRole[], userId?: string) {
    const repo = createScorecardsRepository(db);
    const staff = await repo.staff(scope, roles, userId);
    if (staff.length === 0) return [];
    const range = { from: period.from, to: period.to };
    const [countRows, measureRows, saved, incentives] = await Promise.all([
      roles.includes('service_advisor') ? createNetworkRepository(db).counts(scope, range, today) : Promise.resolve([]),
      repo.measures(scope, range, today),
      repo.settings(scope),
      repo.bookingIncentives(scope),
    ]);
    const incentiveOf = new Map(incentives.map((r) => [r.dealer_id, r.booking_incentive_fen]));
    const advisorMonths = new Map<string, { month: string; counts: KpiCounts }[]>();
    for (const row of countRows) {
      if (row.advisorKey === null) continue;
      const key = `${row.dealerId}/${row.advisorKey}`;
      advisorMonths.set(key, [...(advisorMonths.get(key) ?? []), { month: row.month, counts: row.counts }]);
    }
    const measuresBy = new Map(measureRows.map((r) => [`${r.dealerId}/${r.userId}`, r]));
    const cards: Scorecard[] = [];
    for (const person of staff) {
      const key = `${person.dealer_id}/${person.id}`;
      const months = advisorMonths.get(key);
      const m = measuresBy.get(key);
      const counts: PersonCounts = {
        advisor: months ? sumMonths(months) : null,
        appointmentsBooked: m?.appointmentsBooked ?? 0,
        bookedDue: m?.bookedDue ?? 0,
        keptAppointments: m?.keptAppointments ?? 0,
        callsMade: m?.callsMade ?? 0,
        tasksDue: m?.tasksDue ?? 0,
        tasksClosed: m?.tasksClosed ?? 0,
        hoursSold: m?.hoursSold ?? 0,
        hoursClocked: m?.hoursClocked ?? 0,
        technicianRos: m?.technicianRos ?? 0,
        technicianReworked: m?.technicianReworked ?? 0,
        additionalApproved: m?.additionalApproved ?? 0,
        additionalRaisedApproved: m?.additionalRaisedApproved ?? 0,
        receivablesOpenFen: m?.receivablesOpenFen ?? 0,
      };
      for (const role of scoredRolesOf(person.roles).filter((r) => roles.includes(r))) {
        const own = saved.find((s) => s.dealer_id === person.dealer_id && s.role === role);
        const card = scoreCard(effectiveSettings(role, own?.metrics ?? null), measuresOf(role, counts), period.months);
        cards.push({
          userId: person.id,
          name: person.display_name,
          role,
          dealer: { id: person.dealer_id!, name: person.dealer_name },
          period,
          ...card,
          bookingIncentive: bookingIncentiveOf(role, counts.keptAppointments, incentiveOf.get(person.dealer_id!) ?? 0),
        });
      }
    }
    return cards;
  }

  /** The acting person's own cards, one per scored role they hold (none: an empty list). */
  async function mine(actor: Actor, query: ScorecardPeriodQuery): Promise<ScorecardList> {
    authorize(actor, 'scorecard.read_own');
    const period = periodOf(actor, query);
    const scope = dealerScopeOf(actor);
    return { period, items: await cardsOf(await reads.forReport(actor), scope, period, todayOf(actor), SCORECARD_ROLES, actor.userId) };
  }

  /** A manager's team: the cards of the staff holding the roles they manage (or one of them). */
  async function team(actor: Actor, query: ScorecardTeamQuery): Promise<ScorecardList> {
    authorize(actor, 'scorecard.read_team');
    const period = periodOf(actor, query);
    const scope = dealerScopeOf(actor);
    const roles = teamRolesOf(actor.roles).filter((r) => !query.role || r === query.role);
    return { period, items: roles.length ? await cardsOf(await reads.forReport(actor), scope, period, todayOf(actor), roles) : [] };
  }

  /**
   * One person's cards: one's own, or a member of the team one manages (only the roles one manages).
   * Anyone else is not found, whether they exist or not.
   */
  async function ofUser(actor: Actor, userId: string, query: ScorecardPeriodQuery): Promise<ScorecardList> {
    if (userId === actor.userId) return mine(actor, query);
    authorize(actor, 'scorecard.read_team');
    const period = periodOf(actor, query);
    const roles = teamRolesOf(actor.roles);
    const items = roles.length
      ? await cardsOf(await reads.forReport(actor), dealerScopeOf(actor), period, todayOf(actor), roles, userId)
      : [];
    if (items.length === 0) throw notFound('scorecard');
    return { period, items };
  }

  /** The car maker's comparison of one role across its dealers: staff scored, mean score, each measure's mean. */
  async function network(actor: Actor, query: ScorecardNetworkQuery): Promise<NetworkScorecard> {
    authorize(actor, 'scorecard.network');
    const period = periodOf(actor, query);
    const scope = scopeOf(actor);
    const rdb = await reads.forReport(actor);
    const [dealers, cards] = await Promise.all([
      createScorecardsRepository(rdb).dealers(scope),
      cardsOf(rdb, scope, period, todayOf(actor), [query.role]),
    ]);
    return {
      period,
      role: query.role,
      dealers: dealers.map((dealer) => {
        const ofDealer = cards.filter((c) => c.dealer.id === dealer.id);
        const metrics = effectiveSettings(query.role, null).map((s) => s.metric);
        return {
          dealer,
          staff: ofDealer.length,
          score: meanOf(ofDealer.map((c) => c.score)),
          parts: metrics.map((metric) => {
            const parts = ofDealer.map((c) => c.parts.find((p) => p.metric === metric) ?? null);
            return {
              metric,
              group: METRICS[metric].group,
              unit: METRICS[metric].unit,
              lowerIsBetter: METRICS[metric].lowerIsBetter,
              value: meanOf(parts.map((p) => p?.value ?? null)),
              points: meanOf(parts.map((p) => p?.points ?? null)),
              weight: meanOf(parts.map((p) => p?.weight ?? null)) ?? 0,
            };
          }),
        };
      }),
    };
  }

  /** The dealer's weights and targets of every scored role (the defaults where it set none). */
  async function settings(actor: Actor): Promise<ScorecardSettings> {
    authorize(actor, 'scorecard.read_team');
    const scope = dealerScopeOf(actor);
    const saved = await createScorecardsRepository(db).settings(scope);
    return {
      roles: SCORECARD_ROLES.map((role) => {
        const own = saved.find((s) => s.role === role);
        return { role, version: own?.version ?? 0, custom: !!own, metrics: effectiveSettings(role, own?.metrics ?? null) };
      }),
    };
  }

  /** New weights and targets of a role, at the version read (409 when someone saved in between), audited. */
  async function saveSettings(actor: Actor, role: ScorecardRole, input: ScorecardSettingsInput): Promise<ScorecardSettings> {
    authorize(actor, 'scorecard.settings');
    const dealerId = dealerScopeOf(actor).dealerId;
    const problems = settingsProblems(role, input.metrics);
    if (problems.length) throw new AppError('validation_failed', { detail: problems[0]!.message, errors: problems });
    // Stored in the role's order, every measure of the role named (one left out: unweighted).
    const metrics: ScorecardMetricSetting[] = effectiveSettings(role, input.metrics);
    const now = clock.now();
    await inTransaction(db, async (tx) => {
      const repo = createScorecardsRepository(tx);
      const before = await repo.settingsOf(dealerId, role);
      if ((before?.version ?? 0) !== input.version) throw versionConflict(before?.version ?? 0);
      if (before) {
        if (!(await repo.updateSettings({ dealerId, role, metrics, by: actor.userId, at: now, version: input.version })))
          throw versionConflict(before.version);
      } else if (!(await repo.insertSettings({ dealerId, role, metrics, by: actor.userId, at: now }))) throw versionConflict(1);
      await recordAudit(
        tx,
        actor,
        {
          action: 'scorecard.settings',
          entityType: 'dealer',
          entityId: dealerId,
          before: before ? { role, metrics: before.metrics } : null,
          after: { role, metrics },
        },
        now,
      );
    });
    return settings(actor);
  }

  return { mine, team, ofUser, network, settings, saveSettings };
}

export type ScorecardsService = ReturnType<typeof createScorecardsService>;
