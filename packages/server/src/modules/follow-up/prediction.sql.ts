import { sql, type RawBuilder } from 'kysely';

/**
 * The maintenance due prediction of `nextMaintenanceDue` (repair-orders.rules.ts) as one set-based
 * statement over many vehicles, so the nightly run needs no row-by-row work. It must give the same
 * result as the rule for every vehicle: test/follow-up.prediction.test.ts compares them.
 *
 * The last service is the vehicle's last delivered repair order with an odometer reading (any dealer
 * of the network; that dealer gets the reminders), or, for a car never serviced, its delivery as a
 * new car at 0 km (the dealer that sold it: the first link).
 *
 * `vehicles` limits the run to some vehicles (on-demand for one vehicle); null runs the network.
 */
export function predictionQuery(today: string, vehicles: readonly string[] | null): RawBuilder<unknown> {
  const only = (column: RawBuilder<unknown>) => (vehicles ? sql`and ${column} = any(${sql.val(vehicles)}::uuid[])` : sql``);
  return sql`
    with last_ro as (
      select distinct on (ro.vehicle_id) ro.vehicle_id, ro.dealer_id, (ro.delivered_at at time zone d.time_zone)::date as served_on, ro.odometer_km as km
      from repair_orders ro join dealers d on d.id = ro.dealer_id
      where ro.delivered_at is not null and ro.odometer_km is not null ${only(sql`ro.vehicle_id`)}
        and (ro.delivered_at at time zone d.time_zone)::date <= ${today}::date
      order by ro.vehicle_id, ro.delivered_at desc
    ),
    base as (
      select v.id as vehicle_id, v.network_id,
        coalesce(lr.dealer_id, (select dv.dealer_id from dealer_vehicles dv where dv.vehicle_id = v.id order by dv.created_at, dv.dealer_id limit 1)) as dealer_id,
        coalesce(lr.served_on, v.delivered_on) as ls_on,
        coalesce(lr.km, 0) as ls_km,
        coalesce(m.service_interval_km, 5000) as i_km,
        coalesce(m.service_interval_months, 3) as i_mon
      from vehicles v
      left join last_ro lr on lr.vehicle_id = v.id
      left join vehicle_models m on m.id = v.model_id
      where (lr.vehicle_id is not null or v.delivered_on is not null) ${only(sql`v.id`)}
    ),
    replaced as (
      select r.vehicle_id, max(r.read_on) as rep_on
      from mileage_readings r
      where r.odometer_replaced and r.read_on <= ${today}::date ${only(sql`r.vehicle_id`)}
      group by r.vehicle_id
    ),
    svc as (
      select b.*, rp.rep_on, (rp.rep_on is null or b.ls_on >= rp.rep_on) as on_this
      from base b left join replaced rp on rp.vehicle_id = b.vehicle_id
    ),
    points as (
      select vehicle_id, on_day, max(km) as km from (
        select r.vehicle_id, r.read_on as on_day, r.km
        from mileage_readings r join svc s on s.vehicle_id = r.vehicle_id
        where r.read_on <= ${today}::date
          and (s.rep_on is null or r.read_on > s.rep_on or (r.read_on = s.rep_on and r.odometer_replaced))
        union all
        select vehicle_id, ls_on, ls_km from svc where on_this and ls_on <= ${today}::date
      ) x
      group by vehicle_id, on_day
    ),
    ranked as (
      select p.*,
        row_number() over (partition by p.vehicle_id order by p.on_day desc) as rn_desc,
        count(*) over (partition by p.vehicle_id) as n,
        count(*) filter (where p.on_day >= (${today}::date - interval '12 months')::date) over (partition by p.vehicle_id) as n12,
        lag(p.on_day) over (partition by p.vehicle_id order by p.on_day) as prev_on,
        lag(p.km) over (partition by p.vehicle_id order by p.on_day) as prev_km
      from points p
    ),
    spans as (
      -- The window: the readings of the last 12 months, or the last 4 when those are fewer.
      select vehicle_id,
        max(case when n12 >= 4 then n12 else least(4, n) end) as w_size,
        max(on_day) filter (where rn_desc = 1) as latest_on,
        max(km) filter (where rn_desc = 1) as latest_km,
        max(on_day) filter (where rn_desc = case when n12 >= 4 then n12 else least(4, n) end) as first_on,
        max(km) filter (where rn_desc = case when n12 >= 4 then n12 else least(4, n) end) as first_km
      from ranked group by vehicle_id
    ),
    rated as (
      select s.*, sp.w_size, sp.latest_on, sp.latest_km,
        coalesce(sp.latest_on - sp.first_on, 0) as span_days,
        coalesce(sp.latest_km - sp.first_km, 0) as span_km,
        (coalesce(sp.latest_on - sp.first_on, 0) >= 1 and coalesce(sp.latest_km - sp.first_km, 0) >= 0) as has_rate,
        (s.ls_on + make_interval(months => s.i_mon))::date as time_due_on
      from svc s left join spans sp on sp.vehicle_id = s.vehicle_id
    ),
    crossing as (
      -- The first reading at or past the due distance since the last service, with the one before it.
      select distinct on (r.vehicle_id) r.vehicle_id, r.on_day as q_on, r.km as q_km, r.prev_on as p_on, r.prev_km as p_km
      from ranked r join rated t on t.vehicle_id = r.vehicle_id
      where t.on_this and r.on_day >= t.ls_on and r.km >= t.ls_km + t.i_km
      order by r.vehicle_id, r.on_day
    ),
    distance as (
      select t.*,
        case
          when t.on_this then
            case
              when c.q_on is not null and c.p_on is not null and c.q_km > c.p_km
                then c.p_on + ceil(((t.ls_km + t.i_km - c.p_km)::numeric * (c.q_on - c.p_on)) / (c.q_km - c.p_km))::int
              when c.q_on is not null then c.q_on
              when t.has_rate and t.span_km > 0
                then t.latest_on + ceil(((t.ls_km + t.i_km - t.latest_km)::numeric * t.span_days) / t.span_km)::int
            end
          when t.has_rate and t.span_km > 0 then t.ls_on + ceil((t.i_km::numeric * t.span_days) / t.span_km)::int
        end as distance_due_on
      from rated t left join crossing c on c.vehicle_id = t.vehicle_id
    )
    select vehicle_id, network_id, dealer_id, ls_on as last_service_on,
      case when on_this then ls_km end as last_service_km,
      case when has_rate then floor(10 * span_km::numeric / span_days + 0.5) / 10 end as daily_km,
      case when has_rate then w_size else 0 end as readings_used,
      case
        when has_rate and w_size >= 3 and span_days >= 90 then case when on_this then 'high' else 'medium' end
        when has_rate and span_days >= 30 then 'medium'
        else 'low'
      end as confidence,
      case
        when distance_due_on is not null and distance_due_on < time_due_on then 'distance'
        when has_rate or distance_due_on is not null then 'time'
        else 'time_only'
      end as basis,
      case when distance_due_on is not null and distance_due_on < time_due_on then distance_due_on else time_due_on end as due_on,
      case
        when on_this then ls_km + i_km
        when has_rate and span_km > 0 then latest_km + floor((span_km::numeric * (distance_due_on - latest_on)) / span_days + 0.5)::int
      end as due_km
    from distance`;
}
