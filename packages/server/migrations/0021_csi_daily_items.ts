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
    primary key (dealer_id, day, item_key)
  )`,
  `alter table csi_daily_factors add column low_responses int not null default 0`,
  // The newest low responses of the network, without reading the others.
  `create index survey_responses_low_idx on survey_responses (network_id, submitted_at) where low`,
];

/** Filled from the responses there are, each counted on its own questionnaire version (a test re-runs these against what the service kept). */
export const fillStatements = [
  `insert into csi_daily_items (dealer_id, day, item_key, answers, points, max_points, low_answers)
    select r.dealer_id, (r.submitted_at at time zone d.time_zone)::date, q->>'id', count(*)::int,
      sum(case when q->>'kind' = 'scale' then (r.answers->>(q->>'id'))::int - 1 when r.answers->>(q->>'id') = 'yes' then 1 else 0 end)::int,
      sum(case when q->>'kind' = 'scale' then 6 else 1 end)::int,
      (count(*) filter (where q->>'kind' = 'scale' and jsonb_typeof(q->'lowAt') = 'number' and (r.answers->>(q->>'id'))::int <= (q->>'lowAt')::int))::int
    from survey_responses r
    join dealers d on d.id = r.dealer_id
    join questionnaire_versions v on v.questionnaire_id = r.questionnaire_id and v.version = r.questionnaire_version
    cross join lateral jsonb_array_elements(v.definition->'questions') q
    where (q->>'kind' = 'scale' and jsonb_typeof(r.answers->(q->>'id')) = 'number')
       or (q->>'kind' = 'yes_no' and r.answers->>(q->>'id') in ('yes', 'no'))
    group by 1, 2, 3`,
  `insert into csi_daily_factors (dealer_id, day, factor, low_responses)
    select r.dealer_id, (r.submitted_at at time zone d.time_zone)::date, q->>'factor', count(distinct r.id)::int
    from survey_responses r
    join dealers d on d.id = r.dealer_id
    join questionnaire_versions v on v.questionnaire_id = r.questionnaire_id and v.version = r.questionnaire_version
    cross join lateral jsonb_array_elements(v.definition->'questions') q
    where cardinality(r.low_items) > 0 and q->>'id' = any(r.low_items) and jsonb_typeof(q->'factor') = 'string'
    group by 1, 2, 3
    on conflict (dealer_id, day, factor) do update set low_responses = excluded.low_responses`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [...statements, ...fillStatements]) await sql.raw(statement).execute(db);
}
