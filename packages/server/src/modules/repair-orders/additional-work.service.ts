import { type AdditionalItemDecisionInput, type AdditionalItemRaise, formatPlate, maskMobile } from '@servicebay/contracts';
import type { Insertable } from 'kysely';
import { type Actor, authorize } from '../../platform/actor.js';
import { type AuditActor, recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';
import type { AdditionalItemsTable } from '../../platform/db.schema.js';
import { createDealersRepository } from '../../platform/dealers.repository.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { presentDelivery } from '../../platform/outbox.rules.js';
import { randomToken, sha256 } from '../../platform/passwords.js';
import { linkDealers, type PublicLink, publicLinkUrl } from '../../platform/public-links.js';
import { rolesGrant } from '../../platform/rbac.js';
import { dealerScopeOf, requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import type { AppointmentsDeps } from '../appointments/appointments.service.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import {
  customerPaysFen,
  itemLine,
  presentAdditionalItem,
  presentDeclinedRecommendation,
  presentPublicAdditionalItem,
} from './additional-work.presenter.js';
import { type AdditionalItemByTokenRow, type AdditionalItemRow, createAdditionalWorkRepository } from './additional-work.repository.js';
import { createRepairOrdersRepository } from './repair-orders.repository.js';
import { additionalItemDecision, billableAdditionalLines, lineEditMode, type RoStatus } from './repair-orders.rules.js';

/** How long an approval link sent by SMS works. */
export const APPROVAL_LINK_HOURS = 24;

/** Technicians find the work under the car and raise it; whoever may write repair orders may too. */
export function canRaiseAdditionalWork(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.includes('technician') || rolesGrant(actor.roles, 'repair_order.write');
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

const DECISION_FIELDS: Record<string, string> = { hazard_wording_required: 'hazardWording', signature_required: 'signaturePng' };

type DecisionContext = AuditActor & { dealerId: string };

export function createAdditionalWorkService(deps: AppointmentsDeps) {
  const { db, clock } = deps;

  const approvalLink = (dealerCode: string, token: string) => publicLinkUrl(deps.publicUrl, 'approve', dealerCode, token);

  /** A new one-use approval link for a pending item, valid APPROVAL_LINK_HOURS; only its hash is stored and it replaces the previous one. */
  async function newLink(tx: Database, actor: Actor, dealerId: string, id: string, now: Date) {
    const row = await loadItem(tx, actor, id, true);
    if (row.status !== 'pending')
      throw new AppError('invalid_transition', {
        detail: `the customer has already ${row.status} this item`,
        extra: { status: row.status },
      });
    const order = await loadOrder(tx, actor, row.repair_order_id);
    requireApprovalMode(order.status);
    const token = randomToken();
    const tokenHash = sha256(token);
    const expiresAt = new Date(now.getTime() + APPROVAL_LINK_HOURS * 3_600_000);
    await createAdditionalWorkRepository(tx).update(dealerId, id, {
      token_hash: tokenHash,
      token_expires_at: expiresAt,
      token_used_at: null,
    });
    return { row, order, token, tokenHash, expiresAt };
  }

  async function loadItem(tx: Database, actor: Actor, id: string, forUpdate = false) {
    const row = await createAdditionalWorkRepository(tx).find(scopeOf(actor), id, { forUpdate });
    if (!row) throw notFound('additional item');
    return row;
  }

  async function loadOrder(tx: Database, actor: Actor, id: string) {
    const row = await createRepairOrdersRepository(tx).findOrder(scopeOf(actor), id);
    if (!row) throw notFound('repair order');
    return row;
  }

  function requireApprovalMode(status: string) {
    if (lineEditMode(status as RoStatus) !== 'needs_approval') {
      throw new AppError('invalid_transition', {
        detail: 'additional work is raised and approved while the order is authorised or in progress',
        extra: { status },
      });
    }
  }

  /** The item as a job line priced from the dealer's catalogue (labour at its hourly rate, parts at their price). */
  async function pricedItem(tx: Database, dealerId: string, input: AdditionalItemRaise) {
    const repo = createRepairOrdersRepository(tx);
    if (input.kind === 'labour') {
      const [op] = input.labourOperationId ? await repo.labourOperations(dealerId, [input.labourOperationId]) : [];
      if (input.labourOperationId && !op)
        throw AppError.field('validation_failed', 'labourOperationId', 'unknown_labour_operation', 'no such labour operation');
      const description = input.description ?? op?.name;
      const hours = input.hours ?? (op ? Number(op.flat_rate_hours) : undefined);
      if (!description) throw AppError.field('validation_failed', 'description', 'required', 'describe the work');
      if (!hours) throw AppError.field('validation_failed', 'hours', 'required', 'how many hours');
      const { labour_rate_fen } = await repo.labourRate(dealerId);
      return {
        kind: 'labour',
        code: op?.code ?? null,
        description,
        hours,
        hourly_rate_fen: labour_rate_fen,
        labour_operation_id: op?.id ?? null,
      } as const;
    }
    const [part] = await repo.parts(dealerId, [input.partId]);
    if (!part) throw AppError.field('validation_failed', 'partId', 'unknown_part', 'no such part');
    return {
      kind: 'parts',
      code: part.part_number,
      description: part.name,
      quantity: input.quantity,
      unit_price_fen: part.price_fen,
      part_id: part.id,
    } as const;
  }

  /**
   * The customer's answer, in person or by link, through the rules: approved, the item becomes the
   * order's next line in this transaction; declined, it is kept (never billed), a safety item with
   * the hazard wording and the customer's signature.
   */
  async function decideIn(
    tx: Database,
    ctx: DecisionContext,
    row: AdditionalItemRow | AdditionalItemByTokenRow,
    input: AdditionalItemDecisionInput,
    via: 'in_person' | 'link',
    now: Date,
  ) {
    const repo = createAdditionalWorkRepository(tx);
    const line = itemLine(row);
    const signaturePng = input.outcome === 'declined' ? (input.signaturePng ?? null) : null;
    const result = additionalItemDecision(
      { line, safety: row.safety, status: row.status },
      input.outcome === 'approved'
        ? { outcome: 'approved' }
        : { outcome: 'declined', hazardWording: input.hazardWording ?? null, customerSignedAt: signaturePng ? now : null },
    );
    if (!result.ok) {
      const field = DECISION_FIELDS[result.code];
      if (field) throw AppError.field('validation_failed', field, result.code, result.message);
      throw new AppError('invalid_transition', { detail: result.message, extra: { status: row.status } });
    }

    let lineId: string | null = null;
    // Nothing reaches the bill without approval: only what the rules call billable becomes a line.
    for (const billable of billableAdditionalLines([{ line, safety: row.safety, status: result.status }])) {
      const { status, nextPosition } = await repo.lockOrderForNewLine(ctx.dealerId, row.repair_order_id, now);
      requireApprovalMode(status);
      lineId = newId();
      await repo.insertLine({
        dealer_id: ctx.dealerId,
        id: lineId,
        repair_order_id: row.repair_order_id,
        position: nextPosition,
        kind: row.kind,
        code: row.code,
        description: row.description,
        pay_type: billable.payType,
        hours: billable.kind === 'labour' ? billable.hours : null,
        hourly_rate_fen: billable.kind === 'labour' ? billable.hourlyRateFen : null,
        quantity: billable.kind === 'parts' ? billable.quantity : null,
        unit_price_fen: billable.kind === 'parts' ? billable.unitPriceFen : null,
        labour_operation_id: row.labour_operation_id,
        part_id: row.part_id,
        created_at: now,
      });
    }
    const declined = result.status === 'declined' ? result : null;
    await repo.update(ctx.dealerId, row.id, {
      status: result.status,
      decided_at: now,
      decided_via: via,
      hazard_wording: declined?.hazardWording ?? null,
      customer_signature_png: declined ? signaturePng : null,
      line_id: lineId,
    });
    await recordAudit(
      tx,
      ctx,
      {
        action: `additional_item.${result.status}`,
        entityType: 'additional_item',
        entityId: row.id,
        before: { status: row.status },
        after: {
          status: result.status,
          via,
          repairOrderId: row.repair_order_id,
          lineId,
          hazardWording: declined?.hazardWording ?? null,
          customerSigned: Boolean(declined?.customerSignedAt),
        },
      },
      now,
    );
  }

  async function byToken(tx: Database, link: PublicLink, forUpdate = false) {
    const row = await createAdditionalWorkRepository(tx).findByTokenHash(await linkDealers(tx, link), sha256(link.token), { forUpdate });
    if (!row) throw notFound('approval link');
    const now = clock.now();
    if (row.token_used_at !== null || row.token_expires_at === null || row.token_expires_at <= now) {
      // The page still names the dealer when the link is spent.
      throw new AppError('link_expired', {
        detail: row.token_used_at ? 'this link has already been used' : 'this link has expired; ask your service advisor for a new one',
        extra: { dealerName: row.dealer_name },
      });
    }
    return row;
  }

  return {
    /** A technician or advisor raises work found during the job: price from the catalogue, reason, photos. Not billed until approved. */
    async raise(actor: Actor, repairOrderId: string, input: AdditionalItemRaise) {
      if (!canRaiseAdditionalWork(actor)) throw new AppError('forbidden', { detail: 'technicians and advisors raise additional work' });
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const order = await loadOrder(tx, actor, repairOrderId);
        requireApprovalMode(order.status);
        const priced = await pricedItem(tx, dealerId, input);
        const id = newId();
        const row: Insertable<AdditionalItemsTable> = {
          dealer_id: dealerId,
          id,
          repair_order_id: order.id,
          raised_by: actor.userId,
          reason: input.reason,
          pay_type: input.payType,
          safety: input.safety,
          photos: JSON.stringify(input.photos),
          created_at: now,
          ...priced,
        };
        await createAdditionalWorkRepository(tx).insert(row);
        const item = presentAdditionalItem(await loadItem(tx, actor, id), now);
        await recordAudit(tx, actor, { action: 'additional_item.raised', entityType: 'additional_item', entityId: id, after: item }, now);
        return item;
      });
    },

    async list(actor: Actor, repairOrderId: string) {
      authorize(actor, 'repair_order.read');
      const order = await loadOrder(db, actor, repairOrderId);
      const now = clock.now();
      return (await createAdditionalWorkRepository(db).listForOrder(order.dealer_id, order.id)).map((r) => presentAdditionalItem(r, now));
    },

    /** 等待客户确认: the items customers have still to decide, on my orders or the whole drive's. */
    async awaitingDecision(actor: Actor, query: { mine: boolean; limit: number }) {
      authorize(actor, 'repair_order.read');
      const dealerId = requireDealer(actor);
      const rows = await createAdditionalWorkRepository(db).awaitingDecision(dealerId, query.mine ? actor.userId : null, query.limit);
      return rows.map((r) => ({
        id: r.id,
        repairOrderId: r.repair_order_id,
        repairOrderNumber: r.repair_order_number,
        plate: formatPlate(r.plate_key),
        customerName: r.customer_name,
        sa: r.sa_id && r.sa_name ? { id: r.sa_id, name: r.sa_name } : null,
        description: r.description,
        safety: r.safety,
        raisedAt: r.created_at.toISOString(),
      }));
    },

    /** Decided in person with the advisor (a declined safety item is signed on the tablet). */
    async decide(actor: Actor, id: string, input: AdditionalItemDecisionInput) {
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await loadItem(tx, actor, id, true);
        await decideIn(tx, { ...actor, dealerId }, row, input, 'in_person', now);
        return presentAdditionalItem(await loadItem(tx, actor, id), now);
      });
    },

    /**
     * Texts the customer a one-use link to the approval page, valid 24 hours. Only the token's hash
     * is stored; a new link replaces the previous one.
     */
    async sendLink(actor: Actor, id: string, input: { locale: 'zh-CN' | 'en' }) {
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const { row, order, token, tokenHash, expiresAt } = await newLink(tx, actor, dealerId, id, now);
        const dealer = await createDealersRepository(tx).profile(dealerId, dealerScopeOf(actor));
        const sms = { channel: 'sms' as const, recipient: order.customer_mobile };
        const queued = await deps.outbox.enqueue(tx, {
          networkId: actor.networkId,
          dealerId,
          customerId: order.customer_id,
          ...sms,
          template: 'repair_order.additional_work',
          locale: input.locale,
          variables: {
            dealer: dealer.name,
            plate: formatPlate(order.plate_key),
            description: row.description,
            price: yuan(customerPaysFen(row)),
            link: approvalLink(dealer.code, token),
            hours: APPROVAL_LINK_HOURS,
          },
          dedupeKey: `additional_item:${id}:${tokenHash}`,
        });
        // What will really happen to the SMS (sending, queued for the quiet hours, or not sent without consent).
        const message = queued ? presentDelivery(sms, queued) : null;
        const recipient = maskMobile(order.customer_mobile);
        await recordAudit(
          tx,
          actor,
          {
            action: 'additional_item.link_sent',
            entityType: 'additional_item',
            entityId: id,
            after: { expiresAt, recipient, locale: input.locale, delivery: message?.status ?? null },
          },
          now,
        );
        return { item: presentAdditionalItem(await loadItem(tx, actor, id), now), expiresAt: expiresAt.toISOString(), recipient, message };
      });
    },

    /**
     * A fresh link shown on the advisor's screen as a QR code for the customer to scan in person
     * (when the SMS cannot be sent). It replaces the previous link; nothing is texted.
     */
    async showLink(actor: Actor, id: string) {
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const { token, expiresAt } = await newLink(tx, actor, dealerId, id, now);
        const dealer = await createDealersRepository(tx).profile(dealerId, dealerScopeOf(actor));
        await recordAudit(
          tx,
          actor,
          { action: 'additional_item.link_shown', entityType: 'additional_item', entityId: id, after: { expiresAt } },
          now,
        );
        return {
          item: presentAdditionalItem(await loadItem(tx, actor, id), now),
          expiresAt: expiresAt.toISOString(),
          link: approvalLink(dealer.code, token),
        };
      });
    },

    /** What the customer declined on earlier orders, shown again at the vehicle's next visit. */
    async declinedRecommendations(actor: Actor, vehicleId: string, limit: number) {
      authorize(actor, 'repair_order.read');
      const scope = scopeOf(actor);
      const vehicle = await createVehiclesRepository(db).findById(scope, vehicleId);
      if (!vehicle) throw notFound('vehicle');
      const now = clock.now();
      return (await createAdditionalWorkRepository(db).declinedForVehicle(scope, vehicle.id, limit)).map((r) =>
        presentDeclinedRecommendation(r, now),
      );
    },

    /** The approval page: exactly the one item its token opens. */
    async publicGet(link: PublicLink) {
      return presentPublicAdditionalItem(await byToken(db, link));
    },

    /** The customer's answer from the page: the link is spent in the same transaction, so it works once. */
    async publicDecide(link: PublicLink, input: AdditionalItemDecisionInput, requestId: string | null) {
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const row = await byToken(tx, link, true);
        const repo = createAdditionalWorkRepository(tx);
        if (!(await repo.claimToken(row.dealer_id, row.token_hash!, now)))
          throw new AppError('link_expired', { detail: 'this link has already been used', extra: { dealerName: row.dealer_name } });
        await decideIn(
          tx,
          { networkId: row.network_id, dealerId: row.dealer_id, userId: null, tokenId: null, requestId },
          row,
          input,
          'link',
          now,
        );
        return presentPublicAdditionalItem((await repo.findByTokenHash([row.dealer_id], row.token_hash!))!);
      });
    },
  };
}

export type AdditionalWorkService = ReturnType<typeof createAdditionalWorkService>;
