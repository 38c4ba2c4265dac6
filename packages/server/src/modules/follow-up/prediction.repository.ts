import { type RawBuilder, sql } from 'kysely';

/**
 * The maintenance due prediction of `maintenanceDue` (follow-up.rules.ts) as one set-based statement
 * over many vehicles, so the nightly run needs no row-by-row work (architecture §5: 1M vehicles in
 * under a minute). It must give the same result as the rule for every vehicle:
 * test/follow-up.prediction.test.ts compares them on worked and random cases.
 *
 * The inputs are those the callers of the rule pass: the last service is the vehicle's latest
 * delivered repair order (any dealer of the network; that dealer gets the reminders) with its
 * mileage-in (the RO's, else its visit's walk-around reading, else unknown); the readings are all of
 * the vehicle's; the delivery is the new car's. Without a service the dealer is the one that sold
 * it (the first link). A vehicle with no service, no reading and no delivery date has no row.
 *
 * `vehicles` limits the run to some vehicles (on-demand for one vehicle) or to a range of vehicle ids
 * (a share of the nightly run); null runs the network.
 */
/** Some vehicles by id, the vehicles with an id in [from, below) (null: unbounded), or every vehicle (null). */
export type VehicleSelection = readonly string[] | { from: string | null; below: string | null } | null;

export function predictionQuery(today: string, vehicles: VehicleSelection): RawBuilder<unknown> {
  const only = (column: RawBuilder<unknown>) => {
    if (!vehicles) return sql``;
    if (!('below' in vehicles)) return sql`and ${column} = any(${sql.val(vehicles)}::uuid[])`;
    const from = vehicles.from === null ? sql`` : sql`and ${column} >= ${vehicles.from}::uuid`;
    const below = vehicles.below === null ? sql`` : sql`and ${column} < ${vehicles.below}::uuid`;
    return sql`${from} ${below}`;
  };
  return sql`
    with last_visit as (
      select distinct on (ro.vehicle_id) ro.vehicle_id, ro.dealer_id, ro.visit_id, (ro.delivered_at at time zone d.time_zone)::date as served_on, ro.odometer_km
      from repair_orders ro join dealers d on d.id = ro.dealer_id
      where ro.delivered_at is not null ${only(sql`ro.vehicle_id`)}
        and (ro.delivered_at at time zone d.time_zone)::date <= ${today}::date
      order by ro.vehicle_id, ro.delivered_at desc
    ),
    last_ro as (
      select lv.vehicle_id, lv.dealer_id, lv.served_on, coalesce(lv.odometer_km, i.odometer_km) as km
      from last_visit lv left join inspections i on i.dealer_id = lv.dealer_id and i.visit_id = lv.visit_id
    ),
    base as (
      select v.id as vehicle_id, v.network_id,
        coalesce(lr.dealer_id, (select dv.dealer_id from dealer_vehicles dv where dv.vehicle_id = v.id order by dv.created_at, dv.dealer_id limit 1)) as dealer_id,
        lr.served_on as s_on, lr.km as s_km, v.delivered_on,
        coalesce(m.service_interval_km, 5000) as i_km,
        coalesce(m.service_interval_months, 3) as i_mon
      from vehicles v
      left join last_ro lr on lr.vehicle_id = v.id
      left join vehicle_models m on m.id = v.model_id
      where true ${only(sql`v.id`)}
    ),
    replaced as (
      select r.vehicle_id, max(r.read_on) as rep_on
      from mileage_readings r
      where r.odometer_replaced and r.read_on <= ${today}::date ${only(sql`r.vehicle_id`)}
      group by r.vehicle_id
    ),
    svc as (
      -- on_this: the service's own reading is known and on the current odometer.
      select b.*, rp.rep_on, (b.s_on is not null and b.s_km is not null and (rp.rep_on is null or b.s_on >= rp.rep_on)) as on_this
      from base b left join replaced rp on rp.vehicle_id = b.vehicle_id
    ),
    points as (
      select vehicle_id, on_day, max(km) as km from (
        select r.vehicle_id, r.read_on as on_day, r.km
        from mileage_readings r join svc s on s.vehicle_id = r.vehicle_id
        where r.read_on <= ${today}::date
          and (s.rep_on is null or r.read_on > s.rep_on or (r.read_on = s.rep_on and r.odometer_replaced))
        union all
        select vehicle_id, s_on, s_km from svc where on_this
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
      select s.*, sp.w_size, sp.latest_on, sp.latest_km, sp.first_on,
        coalesce(sp.latest_on - sp.first_on, 0) as span_days,
        coalesce(sp.latest_km - sp.first_km, 0) as span_km,
        (coalesce(sp.latest_on - sp.first_on, 0) >= 1 and coalesce(sp.latest_km - sp.first_km, 0) >= 0) as has_rate,
        case when s.s_on is not null then 'last_service' when sp.latest_on is not null then 'readings' when s.delivered_on is not null then 'delivery' end as counted_from
      from svc s left join spans sp on sp.vehicle_id = s.vehicle_id
    ),
    timed as (
      select t.*,
        case t.counted_from
          when 'last_service' then (t.s_on + make_interval(months => t.i_mon))::date
          when 'readings' then (t.latest_on + make_interval(months => t.i_mon))::date
          else (t.delivered_on + make_interval(months => t.i_mon))::date
        end as time_due_on,
        case t.counted_from
          when 'last_service' then case when t.on_this then t.s_km + t.i_km end
          when 'readings' then (t.latest_km / t.i_km + 1) * t.i_km
          else t.i_km
        end as next_km
      from rated t where t.counted_from is not null
    ),
    crossing as (
      -- The first reading at or past the due distance since the last service, with the one before it.
      select distinct on (r.vehicle_id) r.vehicle_id, r.on_day as q_on, r.km as q_km, r.prev_on as p_on, r.prev_km as p_km
      from ranked r join timed t on t.vehicle_id = r.vehicle_id
      where t.on_this and r.on_day >= t.s_on and r.km >= t.next_km
      order by r.vehicle_id, r.on_day
    ),
    distance as (
      select t.*,
        case
          when t.on_this then
            case
              when c.q_on is not null and c.p_on is not null and c.q_km > c.p_km
                then c.p_on + ceil(((t.next_km - c.p_km)::numeric * (c.q_on - c.p_on)) / (c.q_km - c.p_km))::int
              when c.q_on is not null then c.q_on
              when t.has_rate and t.span_km > 0
                then t.latest_on + ceil(((t.next_km - t.latest_km)::numeric * t.span_days) / t.span_km)::int
            end
          when t.counted_from = 'last_service' and t.has_rate and t.span_km > 0 then t.s_on + ceil((t.i_km::numeric * t.span_days) / t.span_km)::int
          when t.counted_from = 'readings' and t.has_rate and t.span_km > 0
            then t.latest_on + ceil(((t.next_km - t.latest_km)::numeric * t.span_days) / t.span_km)::int
        end as distance_due_on
      from timed t left join crossing c on c.vehicle_id = t.vehicle_id
    )
    select vehicle_id, network_id, dealer_id, counted_from,
      case counted_from when 'last_service' then s_on when 'delivery' then delivered_on end as last_service_on,
      case counted_from when 'last_service' then case when on_this then s_km end when 'delivery' then 0 end as last_service_km,
      case when has_rate then floor(10 * span_km::numeric / span_days + 0.5) / 10 end as daily_km,
      case when has_rate then w_size else 0 end as readings_used,
      case
        when has_rate and w_size >= 3 and (first_on + interval '6 months')::date <= latest_on then 'high'
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
        when counted_from = 'last_service' and not on_this then
          case when has_rate and span_km > 0 then latest_km + floor((span_km::numeric * (distance_due_on - latest_on)) / span_days + 0.5)::int end
        else next_km
      end as due_km
    from distance`;
}
