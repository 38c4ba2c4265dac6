import { type Kysely, sql } from 'kysely';

// The factor drill-down's item figures per dealer and the dealer's day, kept in the transaction of
// each response as csi_daily_factors are, so that the car maker's drill-down over the network reads
// day rows instead of every answer's JSON (bench/csi.ts). An item's score is 100 × points / max_points:
// a scale answer (1–7) gives level − 1 points of 6, yes/no gives 1 or 0 points of 1; integers, so the
// mean is exact. `low_responses` on the factor rows counts the responses with a low item in that
// factor: the total beside the bounded list of low responses.
const statements = [
  `create table csi_daily_items (
    dealer_id uuid not null references dealers(id),
    day date not null,
    item_key text not null,
    answers int not null default 0,
    points int not null default 0,
    max_points int not null default 0,
    low_answers int not null default 0,
    -- A drill-down reads a factor's few items of every dealer in scope: the item first.
    primary key (item_key, dealer_id, day)
  )`,
  `alter table csi_daily_factors add column low_responses int not null default 0`,
  // The newest low responses of the network, without reading the others.
  `create index survey_responses_low_idx on survey_responses (network_id, submitted_at) where low`,
];

/** Filled from the responses there are, each counted on its own questionnaire version (a test re-runs these against what the service kept). */
export const fillStatements = [
  `insert into csi_daily_items (dealer_id, day, item_key, answers, points, max_points, low_answers)
    with q as materialized (
      select v.questionnaire_id, v.version, e->>'id' as id, e->>'kind' as kind, case when jsonb_typeof(e->'lowAt') = 'number' then (e->>'lowAt')::int end as low_at
      from questionnaire_versions v cross join lateral jsonb_array_elements(v.definition->'questions') e
      where e->>'kind' in ('scale', 'yes_no')
    )
    select r.dealer_id, (r.submitted_at at time zone d.time_zone)::date, q.id, count(*)::int,
      sum(case when q.kind = 'scale' then a.value::text::int - 1 when a.value = '"yes"' then 1 else 0 end)::int,
      sum(case when q.kind = 'scale' then 6 else 1 end)::int,
      (count(*) filter (where case when q.kind = 'scale' then a.value::text::int <= q.low_at else false end))::int
    from survey_responses r
    join dealers d on d.id = r.dealer_id
    cross join lateral jsonb_each(r.answers) a
    join q on q.questionnaire_id = r.questionnaire_id and q.version = r.questionnaire_version and q.id = a.key
    where (q.kind = 'scale' and jsonb_typeof(a.value) = 'number') or (q.kind = 'yes_no' and a.value in ('"yes"', '"no"'))
    group by 1, 2, 3`,
  `insert into csi_daily_factors (dealer_id, day, factor, low_responses)
    with q as materialized (
      select v.questionnaire_id, v.version, e->>'id' as id, e->>'factor' as factor
      from questionnaire_versions v cross join lateral jsonb_array_elements(v.definition->'questions') e
      where jsonb_typeof(e->'factor') = 'string'
    )
    select r.dealer_id, (r.submitted_at at time zone d.time_zone)::date, q.factor, count(distinct r.id)::int
    from survey_responses r
    join dealers d on d.id = r.dealer_id
    cross join lateral unnest(r.low_items) l(id)
    join q on q.questionnaire_id = r.questionnaire_id and q.version = r.questionnaire_version and q.id = l.id
    where cardinality(r.low_items) > 0
    group by 1, 2, 3
    on conflict (dealer_id, day, factor) do update set low_responses = excluded.low_responses`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  // The planner takes the join of answers and questions for a handful of rows (it cannot estimate
  // jsonb_each) and nests a loop per dealer over it: on 1M responses that runs for hours. Hash joins
  // fill them in minutes.
  await sql.raw('set local enable_nestloop = off').execute(db);
  for (const statement of fillStatements) await sql.raw(statement).execute(db);
  await sql.raw('reset enable_nestloop').execute(db);
}
