import type {
  callSurveySchema,
  csiQuerySchema,
  questionnaireInputSchema,
  questionnaireUpdateSchema,
  surveySubmissionSchema,
} from '@servicebay/contracts';
import {
  type Answers,
  type CsiRow,
  formatPlate,
  type QuestionnaireDefinition,
  questionnaireDefinitionSchema,
  type SurveyContext,
  type SurveyNotice,
  type SurveyResponse,
  type SurveySettings,
} from '@servicebay/contracts';
import type { z } from 'zod';
import { type Actor, authorize, isCarMaker } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { createDealersRepository } from '../../platform/dealers.repository.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Outbox } from '../../platform/outbox.js';
import { presentDelivery } from '../../platform/outbox.rules.js';
import { randomToken, sha256 } from '../../platform/passwords.js';
import { reportPeriod } from '../../platform/period.js';
import { linkDealers, type PublicLink, publicLinkUrl } from '../../platform/public-links.js';
import { rolesGrant } from '../../platform/rbac.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { requireDealer, type Scope, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import type { ComplaintsService } from '../complaints/complaints.service.js';
import type { VisitDelivered } from '../events/visit-events.js';
import type { WebhookSender } from '../webhooks/webhooks.sender.js';
import { questionnairePolicy } from './csi.policy.js';
import { createCsiRepository, type ProcessFigure } from './csi.repository.js';
import { answerErrors, BURST, csi1000, isPerfect, itemFigures, lowFactors, scoreResponse } from './csi.rules.js';
import { DEFAULT_CSI_TEMPLATE } from './csi.template.js';

export type CsiDeps = {
  db: Database;
  reads: ReadRouter;
  clock: Clock;
  outbox: Outbox;
  publicUrl: string;
  /** Opens the complaint of a low score in the response's transaction. */
  complaints: Pick<ComplaintsService, 'raise'>;
  webhooks: Pick<WebhookSender, 'emit'>;
};

/** The name of the network's built-in default questionnaire. */
const DEFAULT_NAME = 'J.D. Power CSI';
const DEFAULT_SETTINGS: SurveySettings = { enabled: true, delayHours: 2, expiryDays: 7, minDaysBetween: 30 };
/** The low responses a factor drill-down lists (newest first), beside their total. */
const LOW_RESPONSES_SHOWN = 100;
/** How long a login address counts as a staff network. */
const STAFF_IP_DAYS = 30;
/** The process figures shown beside each factor of the default template: the step it measures. */
const FACTOR_PROCESS: Record<string, { key: ProcessFigure; unit: 'rate' | 'minutes' }[]> = {
  initiation: [
    { key: 'appointment_rate', unit: 'rate' },
    { key: 'confirmation_rate', unit: 'rate' },
    { key: 'timely_reception_rate', unit: 'rate' },
  ],
  advisor: [{ key: 'timely_reception_rate', unit: 'rate' }],
  facility: [],
  pickup: [
    { key: 'promised_time_kept_rate', unit: 'rate' },
    { key: 'cashier_minutes', unit: 'minutes' },
  ],
  quality: [
    { key: 'rework_rate', unit: 'rate' },
    { key: 'follow_up_completion_rate', unit: 'rate' },
  ],
};

const round = (n: number | null | undefined, digits = 2) =>
  n === null || n === undefined ? null : Math.round(n * 10 ** digits) / 10 ** digits;
const parseDefinition = (raw: unknown) => questionnaireDefinitionSchema.parse(raw);

export type SubmissionContext = { ip: string | null; userAgent: string | null; staffDevice: boolean };

async function settingsOf(tx: Database, dealerId: string): Promise<SurveySettings> {
  const row = await createCsiRepository(tx).settings(dealerId);
  return row
    ? { enabled: row.enabled, delayHours: Number(row.delay_hours), expiryDays: row.expiry_days, minDaysBetween: row.min_days_between }
    : DEFAULT_SETTINGS;
}

/**
 * What the survey of a delivery will do, for the advisor who hands the car back: nothing (surveys
 * off, or the customer was surveyed within the dealer's frequency), or the SMS as the outbox will
 * treat it at the dealer's delay (consent, quiet hours). The same checks `onVisitDelivered` makes.
 */
export type SurveyInvitationPreview = typeof previewSurveyInvitation;

export async function previewSurveyInvitation(
  tx: Database,
  outbox: Pick<Outbox, 'preview'>,
  input: { dealerId: string; customerId: string; deliveredAt: Date },
): Promise<SurveyNotice> {
  const settings = await settingsOf(tx, input.dealerId);
  if (!settings.enabled) return { skipped: 'surveys_off', message: null };
  if (
    settings.minDaysBetween > 0 &&
    (await createCsiRepository(tx).invitedSince(
      input.dealerId,
      input.customerId,
      new Date(input.deliveredAt.getTime() - settings.minDaysBetween * 86_400_000),
    ))
  ) {
    return { skipped: 'recently_surveyed', message: null };
  }
  const customer = await createCsiRepository(tx).surveyedCustomer(input.customerId);
  const message = { customerId: input.customerId, dealerId: input.dealerId, channel: 'sms' as const, recipient: customer.mobile };
  return {
    skipped: null,
    message: presentDelivery(
      message,
      await outbox.preview(tx, { ...message, notBefore: new Date(input.deliveredAt.getTime() + settings.delayHours * 3_600_000) }),
    ),
  };
}

export function createCsiService(deps: CsiDeps) {
  const { db, reads, clock } = deps;

  /**
   * The network's default questionnaire (the J.D. Power template), made on first need. A default
   * still on an earlier built-in version (made by the system, never edited by the car maker) gets
   * today's template as a new version; answers keep the version they were given on.
   */
  async function ensureDefault(tx: Database, networkId: string) {
    const repo = createCsiRepository(tx);
    const existing = (await repo.questionnaires({ kind: 'network', networkId })).find((q) => q.dealer_id === null);
    if (existing) {
      if (!(await isOldBuiltIn(tx, existing.id, existing.current_version))) return existing;
      const locked = (await repo.questionnaire(networkId, existing.id, { lock: true }))!;
      if (!(await isOldBuiltIn(tx, locked.id, locked.current_version))) return locked;
      const now = clock.now();
      await repo.addVersion(locked.id, locked.current_version + 1, DEFAULT_CSI_TEMPLATE, null, now);
      await repo.updateQuestionnaire(locked.id, locked.version, { current_version: locked.current_version + 1, updated_at: now });
      return (await repo.questionnaire(networkId, locked.id))!;
    }
    const id = newId();
    await repo.insertQuestionnaire({
      id,
      network_id: networkId,
      dealer_id: null,
      name: DEFAULT_NAME,
      active: true,
      definition: DEFAULT_CSI_TEMPLATE,
      created_by: null,
      now: clock.now(),
    });
    return (await repo.questionnaire(networkId, id))!;
  }

  /** Is this version a built-in default other than today's? */
  async function isOldBuiltIn(tx: Database, questionnaireId: string, version: number) {
    const row = await createCsiRepository(tx).version(questionnaireId, version);
    return !!row && row.created_by === null && JSON.stringify(parseDefinition(row.definition)) !== JSON.stringify(DEFAULT_CSI_TEMPLATE);
  }

  async function present(tx: Database, row: NonNullable<Awaited<ReturnType<ReturnType<typeof createCsiRepository>['questionnaire']>>>) {
    const repo = createCsiRepository(tx);
    const definition = parseDefinition((await repo.definition(row.id, row.current_version))!.definition);
    const versions = await repo.versions(row.id);
    return {
      id: row.id,
      name: row.name,
      scope: row.dealer_id ? ('dealer' as const) : ('network' as const),
      dealerId: row.dealer_id,
      active: row.active,
      currentVersion: row.current_version,
      definition,
      versions: versions.map((v) => ({
        version: v.version,
        createdAt: v.created_at.toISOString(),
        createdBy: v.created_by_name,
        responses: v.responses ?? 0,
      })),
      rowVersion: row.version,
      updatedAt: row.updated_at.toISOString(),
    };
  }

  const dealerZone = async (tx: Database, dealerId: string) => (await createDealersRepository(tx).profile(dealerId)).time_zone;

  /** The dealer's figures, or the network's for the car maker (optionally one dealer or region). */
  const readScope = (actor: Actor, query: { dealerId?: string | undefined; region?: string | undefined }) =>
    scopeOf(actor, { dealerIds: query.dealerId ? [query.dealerId] : undefined, region: query.region });

  /** The questionnaire the figures are scored on: one dealer's active one, else the network's default. */
  async function questionnaireOf(scope: Scope) {
    const repo = createCsiRepository(db);
    const dealerId = scope.kind === 'dealer' ? scope.dealerId : scope.dealerIds?.length === 1 ? scope.dealerIds[0] : undefined;
    return dealerId
      ? repo.activeFor(scope.networkId, dealerId)
      : (await repo.questionnaires({ kind: 'network', networkId: scope.networkId })).find((q) => q.dealer_id === null && q.active);
  }

  const rangeOf = (actor: Actor, query: { from: string; to: string }) => reportPeriod(query, actor.timeZone);

  function presentResponse(r: Awaited<ReturnType<ReturnType<typeof createCsiRepository>['responses']>>[number]): SurveyResponse {
    const csi = r.csi === null ? null : Number(r.csi);
    return {
      id: r.id,
      dealerId: r.dealer_id,
      submittedAt: r.submitted_at.toISOString(),
      source: r.source as SurveyResponse['source'],
      csi,
      csi1000: csi1000(csi),
      factorScores: r.factor_scores,
      low: r.low,
      flags: [...new Set(r.flags)] as SurveyResponse['flags'],
      complaintId: r.complaint_id,
      repairOrder: r.repair_order_id && r.ro_number ? { id: r.repair_order_id, number: r.ro_number } : null,
      serviceAdvisor: r.sa_id ? { id: r.sa_id, name: r.sa_name ?? '' } : null,
      customer: { id: r.customer_id, name: r.customer_name },
    };
  }

  /**
   * One response, in the caller's transaction: scored on its questionnaire version, flagged for
   * integrity, and — when low — the care team alerted and one complaint opened, linked to the RO.
   */
  async function recordResponse(
    tx: Database,
    input: {
      networkId: string;
      dealerId: string;
      invitationId: string | null;
      questionnaireId: string;
      version: number;
      customerId: string;
      vehicleId: string | null;
      repairOrderId: string | null;
      saId: string | null;
      source: 'link' | 'call';
      recordedBy: string | null;
      answers: Answers;
      context: SubmissionContext;
    },
  ) {
    const now = clock.now();
    const repo = createCsiRepository(tx);
    const definition = parseDefinition((await repo.definition(input.questionnaireId, input.version))!.definition);
    // The appointment questions are asked only when the order's visit was booked.
    const survey: SurveyContext = { booked: input.repairOrderId ? await repo.orderWasBooked(input.dealerId, input.repairOrderId) : false };
    const errors = answerErrors(definition, input.answers, survey);
    if (errors.length)
      throw new AppError('validation_failed', {
        detail: 'some answers are missing or wrong',
        errors: errors.map((e) => ({ ...e, message: e.code })),
      });
    const scored = scoreResponse(definition, input.answers, survey);
    const flags: string[] = [];
    if (input.source === 'link') {
      if (input.context.staffDevice) flags.push('staff_device');
      if (input.context.ip && (await repo.staffIp(input.dealerId, input.context.ip, new Date(now.getTime() - STAFF_IP_DAYS * 86_400_000))))
        flags.push('staff_network');
    }
    const burstSince = new Date(now.getTime() - BURST.minutes * 60_000);
    const burst =
      isPerfect(scored) && input.saId !== null && (await repo.perfectSince(input.dealerId, input.saId, burstSince)) + 1 >= BURST.responses;
    if (burst) flags.push('burst_of_perfect_scores');
    const id = newId();
    await repo.insertResponse(
      {
        dealer_id: input.dealerId,
        id,
        network_id: input.networkId,
        invitation_id: input.invitationId,
        questionnaire_id: input.questionnaireId,
        questionnaire_version: input.version,
        customer_id: input.customerId,
        vehicle_id: input.vehicleId,
        repair_order_id: input.repairOrderId,
        sa_id: input.saId,
        source: input.source,
        recorded_by: input.recordedBy,
        submitted_at: now,
        csi: scored.csi === null ? null : String(scored.csi),
        factor_scores: JSON.stringify(scored.factorScores),
        answers: JSON.stringify(input.answers),
        low_items: scored.lowItems,
        low: scored.low,
        flags,
        ip: input.context.ip,
        user_agent: input.context.userAgent?.slice(0, 300) ?? null,
      },
      scored.factorScores,
    );
    if (burst && input.saId) await repo.flagBurst(input.dealerId, input.saId, burstSince);
    await repo.countResponse(
      input.dealerId,
      localDate(now, await dealerZone(tx, input.dealerId)),
      scored,
      itemFigures(definition, input.answers),
      lowFactors(definition, scored.lowItems),
    );
    let complaint: { id: string; number: string } | null = null;
    if (scored.low) {
      const team = await repo.careTeam(input.dealerId);
      const lowTexts = scored.lowItems.map((q) => definition.questions.find((x) => x.id === q)?.text['zh-CN'] ?? q);
      const comments = definition.questions
        .filter((q) => q.kind === 'text' && typeof input.answers[q.id] === 'string' && input.answers[q.id])
        .map((q) => String(input.answers[q.id]));
      const words = [
        `满意度调查低分（CSI ${scored.csi ?? '—'}）`,
        ...(lowTexts.length ? [`低分项：${lowTexts.join('、')}`] : []),
        ...comments,
      ].join('；');
      complaint = await deps.complaints.raise(
        tx,
        { networkId: input.networkId, dealerId: input.dealerId, userId: input.recordedBy, tokenId: null, requestId: null },
        {
          dealerId: input.dealerId,
          sourceRef: `survey:${input.invitationId ?? id}`,
          channel: 'survey',
          customerId: input.customerId,
          vehicleId: input.vehicleId,
          repairOrderId: input.repairOrderId,
          category: null,
          customerWords: words.slice(0, 2000),
          firstResponderId: input.recordedBy ?? team[0]?.id,
        },
      );
      if (complaint) await repo.setComplaint(input.dealerId, id, complaint.id);
      for (const member of team) {
        await repo.notify({
          dealer_id: input.dealerId,
          id: newId(),
          assignee_user_id: member.id,
          customer_id: input.customerId,
          survey_response_id: id,
          complaint_id: complaint?.id ?? null,
          due_at: now,
          dedupe_key: `survey:${id}:low:${member.id}`,
          created_at: now,
        });
      }
    }
    await deps.webhooks.emit(tx, {
      dealerId: input.dealerId,
      type: 'survey.answered',
      recordKey: `survey_response:${id}`,
      data: {
        surveyResponseId: id,
        invitationId: input.invitationId,
        repairOrderId: input.repairOrderId,
        customerId: input.customerId,
        vehicleId: input.vehicleId,
        source: input.source,
        csi: scored.csi,
        low: scored.low,
        complaintId: complaint?.id ?? null,
        answeredAt: now.toISOString(),
      },
      occurredAt: now,
    });
    return { id, csi: scored.csi, csi1000: csi1000(scored.csi), low: scored.low, complaint };
  }

  return {
    async questionnaires(actor: Actor) {
      // Agents who record a survey on a call read the questionnaire they read out.
      if (!rolesGrant(actor.roles, 'survey.record')) authorize(actor, 'csi.read');
      return inTransaction(db, async (tx) => {
        await ensureDefault(tx, actor.networkId);
        const rows = await createCsiRepository(tx).questionnaires(scopeOf(actor));
        return Promise.all(rows.map((row) => present(tx, row)));
      });
    },

    async questionnaire(actor: Actor, id: string) {
      authorize(actor, 'csi.read');
      const row = await createCsiRepository(db).questionnaire(actor.networkId, id);
      if (!row || (row.dealer_id && !isCarMaker(actor) && row.dealer_id !== actor.dealerId)) throw notFound('questionnaire');
      return present(db, row);
    },

    async createQuestionnaire(actor: Actor, input: z.infer<typeof questionnaireInputSchema>) {
      const dealerId = input.scope === 'network' ? null : requireDealer(actor);
      authorize(actor, 'csi.manage');
      questionnairePolicy.authorize(actor, 'edit', { dealer_id: dealerId });
      return inTransaction(db, async (tx) => {
        const id = newId();
        await createCsiRepository(tx).insertQuestionnaire({
          id,
          network_id: actor.networkId,
          dealer_id: dealerId,
          name: input.name,
          active: false,
          definition: input.definition,
          created_by: actor.userId,
          now: clock.now(),
        });
        await recordAudit(
          tx,
          actor,
          { action: 'questionnaire.created', entityType: 'questionnaire', entityId: id, after: { name: input.name, scope: input.scope } },
          clock.now(),
        );
        return present(tx, (await createCsiRepository(tx).questionnaire(actor.networkId, id))!);
      });
    },

    /** A changed definition is a new version; answers keep the version they were given on. */
    async updateQuestionnaire(actor: Actor, id: string, input: z.infer<typeof questionnaireUpdateSchema>) {
      return inTransaction(db, async (tx) => {
        const repo = createCsiRepository(tx);
        const row = await repo.questionnaire(actor.networkId, id, { lock: true });
        if (!row || (row.dealer_id && !isCarMaker(actor) && row.dealer_id !== actor.dealerId)) throw notFound('questionnaire');
        authorize(actor, 'csi.manage');
        questionnairePolicy.authorize(actor, 'edit', row);
        if (row.version !== input.rowVersion) throw versionConflict(row.version);
        const now = clock.now();
        let currentVersion = row.current_version;
        if (input.definition) {
          const before = parseDefinition((await repo.definition(id, row.current_version))!.definition);
          if (JSON.stringify(before) !== JSON.stringify(input.definition)) {
            currentVersion += 1;
            await repo.addVersion(id, currentVersion, input.definition, actor.userId, clock.now());
          }
        }
        if (input.active) await repo.deactivateOthers(actor.networkId, row.dealer_id, id);
        const updated = await repo.updateQuestionnaire(id, row.version, {
          ...(input.name ? { name: input.name } : {}),
          ...(input.active === undefined ? {} : { active: input.active }),
          current_version: currentVersion,
          updated_at: now,
        });
        if (!updated) throw versionConflict(row.version + 1);
        await recordAudit(
          tx,
          actor,
          {
            action: 'questionnaire.updated',
            entityType: 'questionnaire',
            entityId: id,
            before: { version: row.current_version, active: row.active },
            after: { version: currentVersion, active: input.active ?? row.active },
          },
          now,
        );
        return present(tx, (await repo.questionnaire(actor.networkId, id))!);
      });
    },

    async settings(actor: Actor) {
      authorize(actor, 'csi.read');
      return settingsOf(db, requireDealer(actor));
    },

    async updateSettings(actor: Actor, patch: Partial<SurveySettings>) {
      authorize(actor, 'csi.manage');
      const dealerId = requireDealer(actor);
      return inTransaction(db, async (tx) => {
        const before = await settingsOf(tx, dealerId);
        const after = { ...before, ...patch };
        await createCsiRepository(tx).saveSettings(
          dealerId,
          { enabled: after.enabled, delay_hours: after.delayHours, expiry_days: after.expiryDays, min_days_between: after.minDaysBetween },
          clock.now(),
        );
        await recordAudit(tx, actor, { action: 'survey.settings', entityType: 'dealer', entityId: dealerId, before, after }, clock.now());
        return after;
      });
    },

    /**
     * visit.delivered → the survey SMS at the dealer's delay (quiet hours and SMS consent are checked
     * by the outbox at send time), once per order, and not more often than the dealer's frequency.
     */
    async onVisitDelivered(event: VisitDelivered) {
      await inTransaction(db, async (tx) => {
        const repo = createCsiRepository(tx);
        const settings = await settingsOf(tx, event.dealerId);
        if (!settings.enabled) return;
        const dealer = await createDealersRepository(tx).profile(event.dealerId);
        const deliveredAt = new Date(event.deliveredAt);
        if (
          settings.minDaysBetween > 0 &&
          (await repo.invitedSince(
            event.dealerId,
            event.customerId,
            new Date(deliveredAt.getTime() - settings.minDaysBetween * 86_400_000),
          ))
        )
          return;
        await ensureDefault(tx, dealer.network_id);
        const questionnaire = (await repo.activeFor(dealer.network_id, event.dealerId))!;
        const order = await repo.deliveredOrder(event.dealerId, event.repairOrderId);
        const customer = await repo.surveyedCustomer(event.customerId);
        const vehicle = await repo.surveyedVehicle(event.vehicleId);
        const token = randomToken(24);
        const sendAt = new Date(deliveredAt.getTime() + settings.delayHours * 3_600_000);
        const id = newId();
        const inserted = await repo.insertInvitation({
          dealer_id: event.dealerId,
          id,
          network_id: dealer.network_id,
          token_hash: sha256(token),
          questionnaire_id: questionnaire.id,
          questionnaire_version: questionnaire.current_version,
          customer_id: event.customerId,
          vehicle_id: event.vehicleId,
          repair_order_id: event.repairOrderId,
          sa_id: order?.sa_id ?? null,
          delivered_at: deliveredAt,
          send_at: sendAt,
          expires_at: new Date(sendAt.getTime() + settings.expiryDays * 86_400_000),
          created_at: clock.now(),
        });
        if (!inserted) return; // this order's survey exists already
        await repo.countInvitation(event.dealerId, localDate(clock.now(), dealer.time_zone));
        await deps.outbox.enqueue(tx, {
          networkId: dealer.network_id,
          dealerId: event.dealerId,
          customerId: event.customerId,
          channel: 'sms',
          recipient: customer.mobile,
          template: 'survey.invitation',
          locale: 'zh-CN',
          variables: {
            dealer: dealer.name,
            name: customer.name,
            plate: vehicle ? formatPlate(vehicle.plate_key) : '',
            link: publicLinkUrl(deps.publicUrl, 'survey', dealer.code, token),
            days: settings.expiryDays,
          },
          dedupeKey: `survey:${event.repairOrderId}`,
          notBefore: sendAt,
        });
      });
    },

    /** The customer's survey page. */
    async publicSurvey(link: PublicLink) {
      const row = await createCsiRepository(db).invitationByToken(await linkDealers(db, link), sha256(link.token));
      if (!row) throw notFound('survey');
      const now = clock.now();
      const definition = parseDefinition(
        (await createCsiRepository(db).definition(row.questionnaire_id, row.questionnaire_version))!.definition,
      );
      return {
        dealerName: row.dealer_name,
        customerName: row.customer_name,
        plate: row.plate_key ? formatPlate(row.plate_key) : null,
        deliveredAt: row.delivered_at?.toISOString() ?? null,
        status: row.answered_at ? ('answered' as const) : row.expires_at <= now ? ('expired' as const) : ('open' as const),
        expiresAt: row.expires_at.toISOString(),
        booked: row.repair_order_id ? await createCsiRepository(db).orderWasBooked(row.dealer_id, row.repair_order_id) : false,
        definition,
      };
    },

    /** One submission per link; a retry after success is refused and opens nothing twice. */
    async submit(link: PublicLink, input: z.infer<typeof surveySubmissionSchema>, context: SubmissionContext) {
      return inTransaction(db, async (tx) => {
        const repo = createCsiRepository(tx);
        const row = await repo.invitationByToken(await linkDealers(tx, link), sha256(link.token), { lock: true });
        if (!row) throw notFound('survey');
        if (row.answered_at) throw new AppError('already_answered', { detail: 'this survey has been answered already; thank you' });
        if (row.expires_at <= clock.now()) throw new AppError('link_expired', { detail: 'this survey link has expired' });
        const result = await recordResponse(tx, {
          networkId: row.network_id,
          dealerId: row.dealer_id,
          invitationId: row.id,
          questionnaireId: row.questionnaire_id,
          version: row.questionnaire_version,
          customerId: row.customer_id,
          vehicleId: row.vehicle_id,
          repairOrderId: row.repair_order_id,
          saId: row.sa_id,
          source: 'link',
          recordedBy: null,
          answers: input.answers,
          context,
        });
        await repo.markAnswered(row.dealer_id, row.id, clock.now());
        return { csi: result.csi, csi1000: result.csi1000 };
      });
    },

    /** An agent records the survey of a delivered order on a follow-up call (it answers the order's link too). */
    async recordOnCall(actor: Actor, input: z.infer<typeof callSurveySchema>) {
      authorize(actor, 'survey.record');
      const dealerId = requireDealer(actor);
      return inTransaction(db, async (tx) => {
        const repo = createCsiRepository(tx);
        const order = await repo.deliveredOrder(dealerId, input.repairOrderId);
        if (!order)
          throw AppError.field('validation_failed', 'repairOrderId', 'unknown_repair_order', 'no such repair order at this dealer');
        if (!order.delivered_at)
          throw AppError.field('validation_failed', 'repairOrderId', 'not_delivered', 'the car has not been delivered yet');
        const invitation = await repo.invitationOfOrder(dealerId, order.id);
        if (invitation?.answered_at) throw new AppError('already_answered', { detail: 'this order has been surveyed already' });
        await ensureDefault(tx, actor.networkId);
        const questionnaire = invitation
          ? { id: invitation.questionnaire_id, current_version: invitation.questionnaire_version }
          : (await repo.activeFor(actor.networkId, dealerId))!;
        const result = await recordResponse(tx, {
          networkId: actor.networkId,
          dealerId,
          invitationId: invitation?.id ?? null,
          questionnaireId: questionnaire.id,
          version: questionnaire.current_version,
          customerId: order.customer_id,
          vehicleId: order.vehicle_id,
          repairOrderId: order.id,
          saId: order.sa_id,
          source: 'call',
          recordedBy: actor.userId,
          answers: input.answers,
          context: { ip: null, userAgent: null, staffDevice: false },
        });
        if (invitation) await repo.markAnswered(dealerId, invitation.id, clock.now());
        await recordAudit(
          tx,
          actor,
          { action: 'survey.recorded', entityType: 'survey_response', entityId: result.id, after: { csi: result.csi, low: result.low } },
          clock.now(),
        );
        const [row] = await repo.responses(
          { kind: 'dealer', networkId: actor.networkId, dealerId },
          new Date(0),
          new Date('9999-12-31T00:00:00Z'),
          {
            responseId: result.id,
            limit: 1,
          },
        );
        return presentResponse(row!);
      });
    },

    async responses(
      actor: Actor,
      query: { from: string; to: string; low?: boolean | undefined; flagged?: boolean | undefined; dealerId?: string | undefined },
    ) {
      authorize(actor, 'csi.read');
      const { from, to } = rangeOf(actor, query);
      const rows = await createCsiRepository(db).responses(readScope(actor, query), from, to, {
        low: query.low,
        flagged: query.flagged,
        limit: 500,
      });
      return rows.map(presentResponse);
    },

    /** The CSI index by month, advisor or dealer: responses, response rate, CSI on 100 and 1000 points, factor scores. */
    async dashboard(actor: Actor, query: z.infer<typeof csiQuerySchema>) {
      authorize(actor, 'csi.read');
      if (query.groupBy === 'dealer' && !isCarMaker(actor))
        throw AppError.field('validation_failed', 'groupBy', 'car_maker_only', 'comparing dealers is the car maker’s view');
      const { from, to } = rangeOf(actor, query);
      const scope = readScope(actor, query);
      const repo = createCsiRepository(await reads.forReport(actor));
      const questionnaire = await questionnaireOf(scope);
      const factors = questionnaire
        ? parseDefinition((await repo.definition(questionnaire.id, questionnaire.current_version))!.definition).factors
        : DEFAULT_CSI_TEMPLATE.factors;
      // By dealer or month from the daily figures; an advisor's view is one dealer's responses.
      const data =
        query.groupBy === 'sa'
          ? await repo.dashboard(scope, from, to, 'sa', actor.timeZone)
          : await repo.dailyDashboard(scope, query.from, query.to, query.groupBy, from, to, actor.timeZone);
      const keys = [...new Set([...data.responses.map((r) => r.key), ...data.invitations.map((r) => r.key)])];
      const labels =
        query.groupBy === 'month'
          ? []
          : await repo.labels(
              query.groupBy,
              keys.filter((k) => k !== '*' && k !== 'none'),
            );
      const labelOf = (key: string) => (key === '*' ? '' : key === 'none' ? '—' : (labels.find((l) => l.id === key)?.label ?? key));
      const row = (key: string): CsiRow => {
        const r = data.responses.find((x) => x.key === key);
        const invitations = data.invitations.find((x) => x.key === key)?.invitations ?? 0;
        const csi = round(r?.csi ?? null);
        return {
          key,
          label: labelOf(key),
          responses: r?.responses ?? 0,
          invitations,
          responseRate: invitations ? round((r?.responses ?? 0) / invitations, 3) : null,
          csi,
          csi1000: csi1000(csi),
          factors: Object.fromEntries(
            factors.map((f) => [f.key, round(data.factors.find((x) => x.key === key && x.factor === f.key)?.score ?? null)]),
          ),
          lowScores: r?.low ?? 0,
          flagged: r?.flagged ?? 0,
        };
      };
      return {
        factors,
        total: row('*'),
        rows: keys
          .filter((k) => k !== '*')
          .sort()
          .map(row),
      };
    },

    /** One factor: its items with their scores and low answers, the low responses with their ROs, and the process figures of its step. */
    async factorDrill(actor: Actor, factorKey: string, query: { from: string; to: string; dealerId?: string | undefined }) {
      authorize(actor, 'csi.read');
      const { from, to } = rangeOf(actor, query);
      const scope = readScope(actor, query);
      const repo = createCsiRepository(await reads.forReport(actor));
      const questionnaire = await questionnaireOf(scope);
      const definition: QuestionnaireDefinition = questionnaire
        ? parseDefinition((await repo.definition(questionnaire.id, questionnaire.current_version))!.definition)
        : DEFAULT_CSI_TEMPLATE;
      const factor = definition.factors.find((f) => f.key === factorKey);
      if (!factor) throw notFound('factor');
      const questions = definition.questions.filter((q) => q.factor === factorKey);
      // Item figures and the count of low responses from the daily figures (the dealers' days, as the
      // dashboard); the low responses themselves are the newest few, beside their total.
      const processShown = FACTOR_PROCESS[factorKey] ?? [];
      const [stats, lowTotal, low, process] = await Promise.all([
        repo.dailyItems(
          scope,
          query.from,
          query.to,
          questions.map((q) => q.id),
        ),
        questions.length ? repo.dailyLowResponses(scope, query.from, query.to, factorKey) : 0,
        repo.responses(scope, from, to, { ids: questions.map((q) => q.id), limit: LOW_RESPONSES_SHOWN }),
        repo.processFigures(
          scope,
          from,
          to,
          processShown.map((p) => p.key),
        ),
      ]);
      return {
        factor,
        items: questions.map((q) => {
          const s = stats.find((x) => x.question_id === q.id);
          return {
            questionId: q.id,
            text: q.text,
            rater: q.rater,
            answers: s?.answers ?? 0,
            score: round(s?.score ?? null),
            lowAnswers: s?.low_answers ?? 0,
          };
        }),
        lowResponses: low.map(presentResponse),
        lowResponsesTotal: lowTotal,
        process: processShown.map((p) => ({
          key: p.key,
          unit: p.unit,
          value: round(process[p.key] ?? null, p.unit === 'rate' ? 3 : 1),
        })),
      };
    },
  };
}

export type CsiService = ReturnType<typeof createCsiService>;
