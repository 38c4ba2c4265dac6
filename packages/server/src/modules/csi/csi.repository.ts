import { type Insertable, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import type { SurveyInvitationsTable, SurveyResponsesTable } from '../../platform/db.schema.js';
import { type LinkDealers, ofLinkDealers } from '../../platform/public-links.js';
import { inScope, type Scope } from '../../platform/scope.js';
import type { ItemFigure } from './csi.rules.js';

/** The process figures a CSI factor's drill-down shows beside its items. */
export type ProcessFigure =
  | 'appointment_rate'
  | 'timely_reception_rate'
  | 'confirmation_rate'
  | 'promised_time_kept_rate'
  | 'cashier_minutes'
  | 'rework_rate'
  | 'follow_up_completion_rate';

export function createCsiRepository(db: Database) {
  // The network's own condition too, so that a network-wide read can walk an index by network and time.
  const responsesIn = (scope: Scope, from: Date, to: Date) =>
    sql`${inScope(scope, 'r.dealer_id')} ${scope.kind === 'network' ? sql`and r.network_id = ${scope.networkId}` : sql``} and r.submitted_at >= ${from} and r.submitted_at < ${to}`;

  return {
    /** The network's questionnaires and those of the dealers in scope. */
    questionnaires(scope: Scope) {
      return db
        .selectFrom('questionnaires')
        .selectAll()
        .where('network_id', '=', scope.networkId)
        .where((eb) => eb.or([eb('dealer_id', 'is', null), inScope(scope, 'dealer_id')]))
        .orderBy('dealer_id', 'desc')
        .orderBy('name')
        .execute();
    },

    questionnaire(networkId: string, id: string, options: { lock?: boolean } = {}) {
      let query = db.selectFrom('questionnaires').selectAll().where('network_id', '=', networkId).where('id', '=', id);
      if (options.lock) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    /** The questionnaire a dealer's invitations use: its own active one, else the network's. */
    activeFor(networkId: string, dealerId: string) {
      return db
        .selectFrom('questionnaires')
        .selectAll()
        .where('network_id', '=', networkId)
        .where('active', '=', true)
        .where((eb) => eb.or([eb('dealer_id', '=', dealerId), eb('dealer_id', 'is', null)]))
        .orderBy(sql`dealer_id is null`)
        .limit(1)
        .executeTakeFirst();
    },

    versions(questionnaireId: string) {
      return db
        .selectFrom('questionnaire_versions as v')
        .leftJoin('users as u', 'u.id', 'v.created_by')
        .select((eb) => [
          'v.version',
          'v.created_at',
          'u.display_name as created_by_name',
          eb
            .selectFrom('survey_responses as r')
            .whereRef('r.questionnaire_id', '=', 'v.questionnaire_id')
            .whereRef('r.questionnaire_version', '=', 'v.version')
            .select(sql<number>`count(*)::int`.as('n'))
            .as('responses'),
        ])
        .where('v.questionnaire_id', '=', questionnaireId)
        .orderBy('v.version', 'desc')
        .execute();
    },

    definition(questionnaireId: string, version: number) {
      return db
        .selectFrom('questionnaire_versions')
        .select('definition')
        .where('questionnaire_id', '=', questionnaireId)
        .where('version', '=', version)
        .executeTakeFirst();
    },

    /** A version with its author (null: made by the system, a built-in default). */
    version(questionnaireId: string, version: number) {
      return db
        .selectFrom('questionnaire_versions')
        .select(['definition', 'created_by'])
        .where('questionnaire_id', '=', questionnaireId)
        .where('version', '=', version)
        .executeTakeFirst();
    },

    /** Did the order's visit come from an appointment? */
    async orderWasBooked(dealerId: string, repairOrderId: string) {
      const row = await db
        .selectFrom('repair_orders as ro')
        .innerJoin('visits as v', (join) => join.onRef('v.id', '=', 'ro.visit_id').onRef('v.dealer_id', '=', 'ro.dealer_id'))
        .select('v.appointment_id')
        .where('ro.dealer_id', '=', dealerId)
        .where('ro.id', '=', repairOrderId)
        .executeTakeFirst();
      return !!row?.appointment_id;
    },

    async insertQuestionnaire(row: {
      id: string;
      network_id: string;
      dealer_id: string | null;
      name: string;
      active: boolean;
      definition: unknown;
      created_by: string | null;
      now: Date;
    }) {
      await db
        .insertInto('questionnaires')
        .values({
          id: row.id,
          network_id: row.network_id,
          dealer_id: row.dealer_id,
          name: row.name,
          active: row.active,
          current_version: 1,
          created_at: row.now,
          updated_at: row.now,
        })
        .execute();
      await db
        .insertInto('questionnaire_versions')
        .values({
          questionnaire_id: row.id,
          version: 1,
          definition: JSON.stringify(row.definition),
          created_by: row.created_by,
          created_at: row.now,
        })
        .execute();
    },

    async addVersion(questionnaireId: string, version: number, definition: unknown, createdBy: string | null, createdAt: Date) {
      await db
        .insertInto('questionnaire_versions')
        .values({
          questionnaire_id: questionnaireId,
          version,
          definition: JSON.stringify(definition),
          created_by: createdBy,
          created_at: createdAt,
        })
        .execute();
    },

    updateQuestionnaire(
      id: string,
      rowVersion: number,
      patch: { name?: string; active?: boolean; current_version?: number; updated_at: Date },
    ) {
      return db
        .updateTable('questionnaires')
        .set({ ...patch, version: rowVersion + 1 })
        .where('id', '=', id)
        .where('version', '=', rowVersion)
        .returning('id')
        .executeTakeFirst();
    },

    /** Only one questionnaire is active per dealer (and one for the network). */
    deactivateOthers(networkId: string, dealerId: string | null, exceptId: string) {
      let query = db
        .updateTable('questionnaires')
        .set({ active: false })
        .where('network_id', '=', networkId)
        .where('id', '!=', exceptId)
        .where('active', '=', true);
      query = dealerId ? query.where('dealer_id', '=', dealerId) : query.where('dealer_id', 'is', null);
      return query.execute();
    },

    settings(dealerId: string) {
      return db.selectFrom('survey_settings').selectAll().where('dealer_id', '=', dealerId).executeTakeFirst();
    },

    async saveSettings(
      dealerId: string,
      values: { enabled: boolean; delay_hours: number; expiry_days: number; min_days_between: number },
      now: Date,
    ) {
      const row = { ...values, delay_hours: String(values.delay_hours), updated_at: now };
      await db
        .insertInto('survey_settings')
        .values({ dealer_id: dealerId, ...row })
        .onConflict((oc) => oc.column('dealer_id').doUpdateSet(row))
        .execute();
    },

    /** Was this customer invited by the dealer since `since`? */
    async invitedSince(dealerId: string, customerId: string, since: Date) {
      return !!(await db
        .selectFrom('survey_invitations')
        .select('id')
        .where('dealer_id', '=', dealerId)
        .where('customer_id', '=', customerId)
        .where('created_at', '>=', since)
        .limit(1)
        .executeTakeFirst());
    },

    insertInvitation(row: Insertable<SurveyInvitationsTable>) {
      return db
        .insertInto('survey_invitations')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    invitationByToken(dealers: LinkDealers, tokenHash: string, options: { lock?: boolean } = {}) {
      let query = db
        .selectFrom('survey_invitations as i')
        .innerJoin('dealers as d', 'd.id', 'i.dealer_id')
        .innerJoin('customers as c', 'c.id', 'i.customer_id')
        .leftJoin('vehicles as v', 'v.id', 'i.vehicle_id')
        .selectAll('i')
        .select(['d.name as dealer_name', 'd.time_zone', 'c.name as customer_name', 'v.plate_key'])
        .where(ofLinkDealers('i.dealer_id', dealers))
        .where('i.token_hash', '=', tokenHash);
      if (options.lock) query = query.forUpdate('i');
      return query.executeTakeFirst();
    },

    invitationOfOrder(dealerId: string, repairOrderId: string) {
      return db
        .selectFrom('survey_invitations')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('repair_order_id', '=', repairOrderId)
        .forUpdate()
        .executeTakeFirst();
    },

    markAnswered(dealerId: string, id: string, at: Date) {
      return db
        .updateTable('survey_invitations')
        .set({ answered_at: at })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .where('answered_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
    },

    deliveredOrder(dealerId: string, id: string) {
      return db
        .selectFrom('repair_orders')
        .select(['id', 'customer_id', 'vehicle_id', 'sa_id', 'delivered_at', 'status'])
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Whom the survey goes to: the customer's name and mobile. */
    surveyedCustomer(customerId: string) {
      return db.selectFrom('customers').select(['name', 'mobile']).where('id', '=', customerId).executeTakeFirstOrThrow();
    },

    surveyedVehicle(vehicleId: string) {
      return db.selectFrom('vehicles').select('plate_key').where('id', '=', vehicleId).executeTakeFirst();
    },

    async insertResponse(row: Insertable<SurveyResponsesTable>, factorScores: Record<string, number>) {
      await db.insertInto('survey_responses').values(row).execute();
      const rows = Object.entries(factorScores).map(([factor, score]) => ({
        dealer_id: row.dealer_id,
        response_id: row.id,
        factor,
        score: String(score),
        submitted_at: row.submitted_at,
        sa_id: row.sa_id ?? null,
      }));
      if (rows.length) await db.insertInto('survey_factor_scores').values(rows).execute();
    },

    setComplaint(dealerId: string, id: string, complaintId: string) {
      return db
        .updateTable('survey_responses')
        .set({ complaint_id: complaintId })
        .where('dealer_id', '=', dealerId)
        .where('id', '=', id)
        .execute();
    },

    /** Perfect responses for this advisor's customers since `since` (a burst looks coached). */
    async perfectSince(dealerId: string, saId: string, since: Date) {
      const row = await db
        .selectFrom('survey_responses')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('dealer_id', '=', dealerId)
        .where('sa_id', '=', saId)
        .where('csi', '=', 100)
        .where('submitted_at', '>=', since)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    /** Flags the earlier perfect responses of a burst too. */
    flagBurst(dealerId: string, saId: string, since: Date) {
      return db
        .updateTable('survey_responses')
        .set({ flags: sql`array_append(flags, 'burst_of_perfect_scores')` })
        .where('dealer_id', '=', dealerId)
        .where('sa_id', '=', saId)
        .where('csi', '=', 100)
        .where('submitted_at', '>=', since)
        .where(sql<boolean>`not ('burst_of_perfect_scores' = any(flags))`)
        .execute();
    },

    /** Did staff of this dealer log in from this address lately? */
    async staffIp(dealerId: string, ip: string, since: Date) {
      return !!(await db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select('s.user_id')
        .where('s.ip', '=', ip)
        .where('s.created_at', '>=', since)
        .where('u.dealer_id', '=', dealerId)
        .limit(1)
        .executeTakeFirst());
    },

    careTeam(dealerId: string) {
      return db
        .selectFrom('users')
        .select(['id', 'roles'])
        .where('dealer_id', '=', dealerId)
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`roles && array['customer_relations','front_desk_supervisor']::text[]`)
        .orderBy('id')
        .execute();
    },

    notify(row: {
      dealer_id: string;
      id: string;
      assignee_user_id: string;
      customer_id: string;
      survey_response_id: string;
      complaint_id: string | null;
      due_at: Date;
      dedupe_key: string;
      created_at: Date;
    }) {
      return db
        .insertInto('tasks')
        .values({ ...row, kind: 'survey_low_score' })
        .onConflict((oc) => oc.columns(['dealer_id', 'dedupe_key']).doNothing())
        .execute();
    },

    responses(
      scope: Scope,
      from: Date,
      to: Date,
      filter: { low?: boolean | undefined; flagged?: boolean | undefined; ids?: string[] | undefined; responseId?: string; limit: number },
    ) {
      return sql<{
        id: string;
        dealer_id: string;
        submitted_at: Date;
        source: string;
        csi: string | null;
        factor_scores: Record<string, number>;
        low: boolean;
        flags: string[];
        complaint_id: string | null;
        repair_order_id: string | null;
        ro_number: string | null;
        sa_id: string | null;
        sa_name: string | null;
        customer_id: string;
        customer_name: string;
        low_items: string[];
      }>`
        select r.id, r.dealer_id, r.submitted_at, r.source, r.csi, r.factor_scores, r.low, r.flags, r.complaint_id, r.repair_order_id, ro.number as ro_number,
          r.sa_id, sa.display_name as sa_name, r.customer_id, c.name as customer_name, r.low_items
        from survey_responses r
        join customers c on c.id = r.customer_id
        left join repair_orders ro on ro.dealer_id = r.dealer_id and ro.id = r.repair_order_id
        left join users sa on sa.id = r.sa_id
        where ${responsesIn(scope, from, to)}
          ${filter.low === undefined ? sql`` : sql`and r.low = ${filter.low}`}
          ${filter.flagged === undefined ? sql`` : filter.flagged ? sql`and cardinality(r.flags) > 0` : sql`and cardinality(r.flags) = 0`}
          ${filter.ids ? sql`and r.low and r.low_items && ${sql.val(filter.ids)}::text[]` : sql``}
          ${filter.responseId ? sql`and r.id = ${filter.responseId}` : sql``}
        order by r.submitted_at desc
        limit ${filter.limit}`
        .execute(db)
        .then((r) => r.rows);
    },

    /** One more invitation on the dealer's day. */
    async countInvitation(dealerId: string, day: string) {
      await db
        .insertInto('csi_daily')
        .values({ dealer_id: dealerId, day, invitations: 1 })
        .onConflict((oc) => oc.columns(['dealer_id', 'day']).doUpdateSet({ invitations: sql`csi_daily.invitations + 1` }))
        .execute();
    },

    /** One more response on the dealer's day: its CSI, factor scores, item figures and the factors it has low items in. */
    async countResponse(
      dealerId: string,
      day: string,
      scored: { csi: number | null; low: boolean; factorScores: Record<string, number> },
      items: ItemFigure[],
      lowFactors: string[],
    ) {
      const values = { responses: 1, csi_sum: String(scored.csi ?? 0), csi_count: scored.csi === null ? 0 : 1, low: scored.low ? 1 : 0 };
      await db
        .insertInto('csi_daily')
        .values({ dealer_id: dealerId, day, ...values })
        .onConflict((oc) =>
          oc.columns(['dealer_id', 'day']).doUpdateSet({
            responses: sql`csi_daily.responses + 1`,
            csi_sum: sql`csi_daily.csi_sum + excluded.csi_sum`,
            csi_count: sql`csi_daily.csi_count + excluded.csi_count`,
            low: sql`csi_daily.low + excluded.low`,
          }),
        )
        .execute();
      const factors = [...new Set([...Object.keys(scored.factorScores), ...lowFactors])].sort();
      if (factors.length)
        await db
          .insertInto('csi_daily_factors')
          .values(
            factors.map((factor) => {
              const score = scored.factorScores[factor];
              return {
                dealer_id: dealerId,
                day,
                factor,
                score_sum: String(score ?? 0),
                answers: score === undefined ? 0 : 1,
                low_responses: lowFactors.includes(factor) ? 1 : 0,
              };
            }),
          )
          .onConflict((oc) =>
            oc.columns(['dealer_id', 'day', 'factor']).doUpdateSet({
              score_sum: sql`csi_daily_factors.score_sum + excluded.score_sum`,
              answers: sql`csi_daily_factors.answers + excluded.answers`,
              low_responses: sql`csi_daily_factors.low_responses + excluded.low_responses`,
            }),
          )
          .execute();
      if (items.length)
        await db
          .insertInto('csi_daily_items')
          .values(
            items.map((item) => ({
              dealer_id: dealerId,
              day,
              item_key: item.questionId,
              answers: 1,
              points: item.points,
              max_points: item.maxPoints,
              low_answers: item.low ? 1 : 0,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['dealer_id', 'day', 'item_key']).doUpdateSet({
              answers: sql`csi_daily_items.answers + 1`,
              points: sql`csi_daily_items.points + excluded.points`,
              max_points: sql`csi_daily_items.max_points + excluded.max_points`,
              low_answers: sql`csi_daily_items.low_answers + excluded.low_answers`,
            }),
          )
          .execute();
    },

    /**
     * The network and dealer dashboards by dealer or month from the daily figures (days are the
     * dealers' own dates); flagged responses are few and counted from the responses.
     */
    async dailyDashboard(
      scope: Scope,
      fromDay: string,
      toDay: string,
      groupBy: 'dealer' | 'month',
      from: Date,
      to: Date,
      timeZone: string,
    ) {
      const key = groupBy === 'dealer' ? sql`dealer_id::text` : sql`to_char(day, 'YYYY-MM')`;
      const flaggedKey = groupBy === 'dealer' ? sql`r.dealer_id::text` : sql`to_char(r.submitted_at at time zone ${timeZone}, 'YYYY-MM')`;
      const [daily, factors, flagged] = await Promise.all([
        sql<{ key: string; invitations: number; responses: number; csi: number | null; low: number }>`
          select coalesce(k, '*') as key, sum(invitations)::int as invitations, sum(responses)::int as responses,
            (sum(csi_sum) / nullif(sum(csi_count), 0))::float8 as csi, sum(low)::int as low
          from (select ${key} as k, invitations, responses, csi_sum, csi_count, low from csi_daily where ${inScope(scope, 'csi_daily.dealer_id')} and day between ${fromDay} and ${toDay}) x
          group by rollup (k)`.execute(db),
        sql<{ key: string; factor: string; score: number }>`
          select coalesce(k, '*') as key, factor, (sum(score_sum) / nullif(sum(answers), 0))::float8 as score
          from (select ${key} as k, factor, score_sum, answers from csi_daily_factors where ${inScope(scope, 'csi_daily_factors.dealer_id')} and day between ${fromDay} and ${toDay}) x
          group by grouping sets ((k, factor), (factor))`.execute(db),
        sql<{ key: string; flagged: number }>`
          select coalesce(k, '*') as key, count(*)::int as flagged
          from (select ${flaggedKey} as k from survey_responses r where ${inScope(scope, 'r.dealer_id')} and cardinality(r.flags) > 0 and r.submitted_at >= ${from} and r.submitted_at < ${to}) x
          group by rollup (k)`.execute(db),
      ]);
      return {
        responses: daily.rows.map((r) => ({
          key: r.key,
          responses: r.responses,
          csi: r.csi,
          low: r.low,
          flagged: flagged.rows.find((f) => f.key === r.key)?.flagged ?? 0,
        })),
        invitations: daily.rows.map((r) => ({ key: r.key, invitations: r.invitations })),
        factors: factors.rows,
      };
    },

    /** CSI, responses, low and flagged counts, grouped by month, advisor or dealer (and a total with key '*'). */
    async dashboard(scope: Scope, from: Date, to: Date, groupBy: 'dealer' | 'sa' | 'month', timeZone: string) {
      const key = {
        dealer: sql`r.dealer_id::text`,
        sa: sql`coalesce(r.sa_id::text, 'none')`,
        month: sql`to_char(r.submitted_at at time zone ${timeZone}, 'YYYY-MM')`,
      }[groupBy];
      const inviteKey = {
        dealer: sql`i.dealer_id::text`,
        sa: sql`coalesce(i.sa_id::text, 'none')`,
        month: sql`to_char(i.created_at at time zone ${timeZone}, 'YYYY-MM')`,
      }[groupBy];
      const fKey = {
        dealer: sql`f.dealer_id::text`,
        sa: sql`coalesce(f.sa_id::text, 'none')`,
        month: sql`to_char(f.submitted_at at time zone ${timeZone}, 'YYYY-MM')`,
      }[groupBy];
      const invitesIn = inScope(scope, 'i.dealer_id');
      const factorsIn = inScope(scope, 'f.dealer_id');
      // The key is computed once in a subquery: the same expression written twice with bound
      // parameters is not the same expression to GROUP BY.
      const [responses, invitations, factors] = await Promise.all([
        sql<{ key: string; responses: number; csi: number | null; low: number; flagged: number }>`
          select coalesce(k, '*') as key, count(*)::int as responses, avg(csi)::float8 as csi,
            count(*) filter (where low)::int as low, count(*) filter (where cardinality(flags) > 0)::int as flagged
          from (select ${key} as k, r.csi, r.low, r.flags from survey_responses r where ${responsesIn(scope, from, to)}) x
          group by rollup (k)`.execute(db),
        sql<{ key: string; invitations: number }>`
          select coalesce(k, '*') as key, count(*)::int as invitations
          from (select ${inviteKey} as k from survey_invitations i where ${invitesIn} and i.created_at >= ${from} and i.created_at < ${to}) x
          group by rollup (k)`.execute(db),
        sql<{ key: string; factor: string; score: number }>`
          select coalesce(k, '*') as key, factor, avg(score)::float8 as score
          from (select ${fKey} as k, f.factor, f.score from survey_factor_scores f where ${factorsIn} and f.submitted_at >= ${from} and f.submitted_at < ${to}) x
          group by grouping sets ((k, factor), (factor))`.execute(db),
      ]);
      return { responses: responses.rows, invitations: invitations.rows, factors: factors.rows };
    },

    labels(kind: 'dealer' | 'sa', ids: string[]) {
      if (ids.length === 0) return Promise.resolve([] as { id: string; label: string }[]);
      return kind === 'dealer'
        ? db
            .selectFrom('dealers')
            .select(['id', sql<string>`code || ' ' || name`.as('label')])
            .where('id', 'in', ids)
            .execute()
        : db.selectFrom('users').select(['id', 'display_name as label']).where('id', 'in', ids).execute();
    },

    /** Answers to these questions on the dealers' days in [fromDay, toDay]: count, mean item score (0–100) and low answers, from the daily figures. */
    async dailyItems(scope: Scope, fromDay: string, toDay: string, questionIds: string[]) {
      if (questionIds.length === 0) return [];
      const result = await sql<{ question_id: string; answers: number; score: number | null; low_answers: number }>`
        select item_key as question_id, sum(answers)::int as answers, (100.0 * sum(points) / nullif(sum(max_points), 0))::float8 as score,
          sum(low_answers)::int as low_answers
        from csi_daily_items
        where ${inScope(scope, 'csi_daily_items.dealer_id')} and day between ${fromDay} and ${toDay} and item_key in (${sql.join(questionIds)})
        group by item_key`.execute(db);
      return result.rows;
    },

    /** The responses with a low item in this factor on the dealers' days in [fromDay, toDay], from the daily figures. */
    async dailyLowResponses(scope: Scope, fromDay: string, toDay: string, factor: string) {
      const result = await sql<{ n: number }>`
        select coalesce(sum(low_responses), 0)::int as n from csi_daily_factors
        where ${inScope(scope, 'csi_daily_factors.dealer_id')} and day between ${fromDay} and ${toDay} and factor = ${factor}`.execute(db);
      return result.rows[0]!.n;
    },

    /**
     * The process figures beside a CSI factor (only those asked for: each is a pass over a year of
     * the network's visits, appointments, ROs, invoices or follow-up tasks), for the period.
     */
    async processFigures(scope: Scope, from: Date, to: Date, keys: readonly ProcessFigure[]) {
      if (!keys.length) return {} as Partial<Record<ProcessFigure, number | null>>;
      const figures: Record<ProcessFigure, RawBuilder<unknown>> = {
        appointment_rate: sql`(select avg(case when v.appointment_id is not null then 1.0 else 0 end) from visits v where ${inScope(scope, 'v.dealer_id')} and v.arrived_at >= ${from} and v.arrived_at < ${to} and v.status <> 'cancelled')`,
        timely_reception_rate: sql`(select avg(case when v.greeted_at <= v.arrived_at + interval '5 minutes' then 1.0 else 0 end) from visits v where ${inScope(scope, 'v.dealer_id')} and v.arrived_at >= ${from} and v.arrived_at < ${to} and v.status <> 'cancelled')`,
        confirmation_rate: sql`(select avg(case when a.status in ('confirmed','arrived') or exists (select 1 from confirmation_attempts ca where ca.dealer_id = a.dealer_id and ca.appointment_id = a.id and ca.result = 'confirmed') then 1.0 else 0 end)
             from appointments a where ${inScope(scope, 'a.dealer_id')} and a.starts_at >= ${from} and a.starts_at < ${to})`,
        promised_time_kept_rate: sql`(select avg(case when coalesce(ro.ready_at, ro.delivered_at) <= ro.promised_at then 1.0 else 0 end) from repair_orders ro where ${inScope(scope, 'ro.dealer_id')} and ro.created_at >= ${from} and ro.created_at < ${to} and coalesce(ro.ready_at, ro.delivered_at) is not null)`,
        cashier_minutes: sql`(select avg(extract(epoch from i.paid_at - i.ready_to_pay_at) / 60) from invoices i where ${inScope(scope, 'i.dealer_id')} and i.created_at >= ${from} and i.created_at < ${to} and i.paid_at is not null)`,
        rework_rate: sql`(select avg(case when ro.rework_count > 0 then 1.0 else 0 end) from repair_orders ro where ${inScope(scope, 'ro.dealer_id')} and ro.created_at >= ${from} and ro.created_at < ${to})`,
        follow_up_completion_rate: sql`(select avg(case when t.status = 'done' then 1.0 else 0 end) from follow_up_tasks t where ${inScope(scope, 't.dealer_id')} and t.rule = 'post_service' and t.created_at >= ${from} and t.created_at < ${to} and t.status <> 'open')`,
      };
      const columns = keys.map((key) => sql`${figures[key]}::float8 as ${sql.ref(key)}`);
      const result = await sql<Partial<Record<ProcessFigure, number | null>>>`select ${sql.join(columns)}`.execute(db);
      return result.rows[0]!;
    },
  };
}

export type CsiRepository = ReturnType<typeof createCsiRepository>;
