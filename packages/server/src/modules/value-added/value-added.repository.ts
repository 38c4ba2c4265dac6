import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';

// The value-added services' sums per dealer of a scope, one query per service. The period is the
// local days `from`..`to` (both included) of each dealer, as the rescue KPI reads them.

/** Each dealer of the scope with its period as instants: its first local midnight, the midnight after `to`, and that capped at now. */
const periods = (scope: Scope, from: string, to: string, now: Date) => sql`
  select d.id as dealer_id,
    (${from}::date::timestamp at time zone d.time_zone) as p_from,
    ((${to}::date + 1)::timestamp at time zone d.time_zone) as p_end,
    least(((${to}::date + 1)::timestamp at time zone d.time_zone), ${now}::timestamptz) as p_until
  from dealers d where ${inScope(scope, 'd.id')}`;

const int = (v: string | number | null | undefined) => Number(v ?? 0);

export function createValueAddedRepository(db: Database) {
  return {
    /** The dealers of the scope, in code order. */
    dealers(scope: Scope) {
      return db.selectFrom('dealers as d').select(['d.id', 'd.name']).where(inScope(scope, 'd.id')).orderBy('d.code').execute();
    },

    /**
     * Per dealer: the fleet at the period's end, the seconds each loaner was in the fleet and out with a
     * customer within the period (up to now), the loans handed over, the returns overdue now and the
     * cost of the reservations returned in the period.
     */
    async loaners(scope: Scope, from: string, to: string, now: Date) {
      const { rows } = await sql<{
        dealer_id: string;
        fleet: string;
        fleet_seconds: string;
        out_seconds: string;
        loans: string;
        overdue: string;
        cost_fen: string;
      }>`
        with p as (${periods(scope, from, to, now)})
        select p.dealer_id,
          (select count(*) from loaners l where l.dealer_id = p.dealer_id and l.created_at < p.p_end
             and (l.retired_at is null or l.retired_at > p.p_end)) as fleet,
          (select coalesce(sum(greatest(0, extract(epoch from least(coalesce(l.retired_at, p.p_until), p.p_until) - greatest(l.created_at, p.p_from)))), 0)
             from loaners l where l.dealer_id = p.dealer_id) as fleet_seconds,
          (select coalesce(sum(greatest(0, extract(epoch from least(coalesce(r.returned_at, p.p_until), p.p_until) - greatest(r.handed_over_at, p.p_from)))), 0)
             from loaner_reservations r where r.dealer_id = p.dealer_id and r.status in ('out', 'returned')
             and r.handed_over_at < p.p_until and (r.returned_at is null or r.returned_at > p.p_from)) as out_seconds,
          (select count(*) from loaner_reservations r where r.dealer_id = p.dealer_id and r.status in ('out', 'returned')
             and r.handed_over_at >= p.p_from and r.handed_over_at < p.p_end) as loans,
          (select count(*) from loaner_reservations r where r.dealer_id = p.dealer_id and r.status = 'out'
             and r.ends_at < ${now}::timestamptz) as overdue,
          (select coalesce(sum(r.cost_fen), 0) from loaner_reservations r where r.dealer_id = p.dealer_id and r.status = 'returned'
             and r.returned_at >= p.p_from and r.returned_at < p.p_end) as cost_fen
        from p`.execute(db);
      return rows.map((r) => ({
        dealerId: r.dealer_id,
        fleet: int(r.fleet),
        fleetSeconds: Number(r.fleet_seconds),
        outSeconds: Number(r.out_seconds),
        loans: int(r.loans),
        overdue: int(r.overdue),
        costFen: int(r.cost_fen),
      }));
    },

    /**
     * Per dealer: the jobs whose window starts in the period (not cancelled), the completed ones, those
     * where the driver met the customer — took the car at the door (pick-up, designated driving) or
     * handed it back (delivery) — and those met within the customer's window; the completed jobs'
     * fees and kilometres driven.
     */
    async pickup(scope: Scope, from: string, to: string, now: Date) {
      const { rows } = await sql<{
        dealer_id: string;
        jobs: string;
        done: string;
        met: string;
        on_time: string;
        fee_fen: string;
        km: string;
      }>`
        with p as (${periods(scope, from, to, now)}),
        j as (
          select j.dealer_id, j.status, j.fee_fen, j.start_km, j.end_km, j.window_start, j.window_end,
            case when j.kind = 'delivery' then j.completed_at else j.picked_up_at end as met_at
          from pickup_jobs j join p on p.dealer_id = j.dealer_id
          where j.window_start >= p.p_from and j.window_start < p.p_end and j.status <> 'cancelled'
        )
        select p.dealer_id,
          count(j.status) as jobs,
          count(*) filter (where j.status = 'completed') as done,
          count(j.met_at) as met,
          count(*) filter (where j.met_at >= j.window_start and j.met_at <= j.window_end) as on_time,
          coalesce(sum(j.fee_fen) filter (where j.status = 'completed'), 0) as fee_fen,
          coalesce(sum(greatest(0, j.end_km - j.start_km)) filter (where j.status = 'completed'), 0) as km
        from p left join j on j.dealer_id = p.dealer_id
        group by p.dealer_id`.execute(db);
      return rows.map((r) => ({
        dealerId: r.dealer_id,
        jobs: int(r.jobs),
        done: int(r.done),
        met: int(r.met),
        onTime: int(r.on_time),
        feeFen: int(r.fee_fen),
        km: int(r.km),
      }));
    },

    /**
     * Per dealer: the members who joined there by the period's end and in it, the points earned and
     * redeemed there in the period, and the points crossing to or from another dealer of the network
     * in the period's redemptions.
     */
    async club(scope: Scope, from: string, to: string, now: Date) {
      const { rows } = await sql<{
        dealer_id: string;
        members: string;
        new_members: string;
        earned: string;
        redeemed: string;
        from_others: string;
        at_others: string;
      }>`
        with p as (${periods(scope, from, to, now)})
        select p.dealer_id,
          (select count(*) from club_memberships m where m.joined_dealer_id = p.dealer_id and m.joined_at < p.p_end) as members,
          (select count(*) from club_memberships m where m.joined_dealer_id = p.dealer_id
             and m.joined_at >= p.p_from and m.joined_at < p.p_end) as new_members,
          (select coalesce(sum(c.points), 0) from club_points c where c.dealer_id = p.dealer_id and c.kind = 'earn'
             and c.at >= p.p_from and c.at < p.p_end) as earned,
          (select coalesce(-sum(c.points), 0) from club_points c where c.dealer_id = p.dealer_id and c.kind = 'redeem'
             and c.at >= p.p_from and c.at < p.p_end) as redeemed,
          (select coalesce(sum(s.points), 0) from club_points c join club_redemption_sources s on s.redeem_id = c.id
             where c.dealer_id = p.dealer_id and s.earned_dealer_id <> p.dealer_id and c.kind = 'redeem'
             and c.at >= p.p_from and c.at < p.p_end) as from_others,
          (select coalesce(sum(s.points), 0) from club_redemption_sources s join club_points c on c.id = s.redeem_id
             join dealers rd on rd.id = c.dealer_id
             where s.earned_dealer_id = p.dealer_id and c.dealer_id <> p.dealer_id and c.kind = 'redeem'
             and c.at >= (${from}::date::timestamp at time zone rd.time_zone)
             and c.at < ((${to}::date + 1)::timestamp at time zone rd.time_zone)) as at_others
        from p`.execute(db);
      return rows.map((r) => ({
        dealerId: r.dealer_id,
        members: int(r.members),
        newMembers: int(r.new_members),
        pointsEarned: int(r.earned),
        pointsRedeemed: int(r.redeemed),
        redeemedFromOthers: int(r.from_others),
        redeemedAtOthers: int(r.at_others),
      }));
    },
  };
}

export type ValueAddedRepository = ReturnType<typeof createValueAddedRepository>;
