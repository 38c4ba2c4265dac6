import { type Invoice, type RoLine, type Role, type RoTotals, roTotals, vatContainedFen } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { verifyPassword } from '../../platform/passwords.js';
import { reportPeriod } from '../../platform/period.js';
import { dealerScopeOf, requireDealer, type Scope, scopeOf } from '../../platform/scope.js';
import { nextDailyNumber } from '../../platform/sequences.js';
import { inTransaction } from '../../platform/transaction.js';
import { rate } from '../appointments/appointments.rules.js';
import type { AppointmentsDeps } from '../appointments/appointments.service.js';
import { keptAppointmentDiscount } from '../appointments/booking-benefits.settlement.js';
import { createAuthRepository } from '../auth/auth.repository.js';
import { earnPoints, memberDiscount, recordFreeServices, redeemPoints, reversePaymentPoints } from '../club/club.settlement.js';
import type { SurveyInvitationPreview } from '../csi/csi.service.js';
import { contactViewOf } from '../customers/customers.presenter.js';
import { visitDeliveredEvent } from '../events/visit-events.js';
import { maintenanceDue } from '../follow-up/follow-up.rules.js';
import { createTimelineRepository } from '../timeline/timeline.repository.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import { createWarrantyRepository } from '../warranty/warranty.repository.js';
import { createInspectionsRepository } from './inspections.repository.js';
import { invoicePdf } from './repair-orders.documents.js';
import { CASHIER_ROLES, repairOrderAbilities, repairOrderPolicy } from './repair-orders.policy.js';
import { amountsByPayType, presentRepairOrder, toRuleLine } from './repair-orders.presenter.js';
import { createRepairOrdersRepository, type RepairOrderRow } from './repair-orders.repository.js';
import { DEFAULT_DISCOUNT_LIMITS, discountNeedsApproval, roTransition } from './repair-orders.rules.js';
import { createSettlementRepository, type InvoiceRow } from './settlement.repository.js';

/** What the customer pays for labour, after line discounts: the base of the club's and the kept appointment's discounts. */
const customerLabourFen = (totals: RoTotals<RoLine>) =>
  totals.byPayType.customer.lines.filter((l) => l.kind === 'labour').reduce((sum, l) => sum + l.amount.netFen, 0);

/** The car maker pays warranty and first-maintenance lines only after the warranty clerk confirmed the repair's eligibility. */
async function requireWarrantyConfirmed(tx: Database, dealerId: string, orderId: string, lines: { pay_type: string }[]) {
  const needs = {
    warranty: lines.some((l) => l.pay_type === 'warranty'),
    firstMaintenance: lines.some((l) => l.pay_type === 'free_first_maintenance'),
  };
  if (!needs.warranty && !needs.firstMaintenance) return;
  const confirmed = await createWarrantyRepository(tx).confirmedKinds(dealerId, orderId);
  if ((needs.warranty && !confirmed.warranty) || (needs.firstMaintenance && !confirmed.firstMaintenance))
    throw AppError.field(
      'warranty_unconfirmed',
      'lines',
      'warranty_unconfirmed',
      "the warranty clerk has not confirmed this repair's eligibility",
    );
}

/** Settlement and delivery (domain.md §4): the invoice grouped by pay type, payments, the cashier KPI, handing the car back. */
/** `previewSurvey`: the CSI module's entry point telling what survey invitation a delivery will send. */
export function createSettlementService(deps: AppointmentsDeps & { previewSurvey: SurveyInvitationPreview }) {
  const { db, reads, clock } = deps;

  function requireCashierDesk(actor: Actor) {
    authorize(actor, 'repair_order.read');
    if (!actor.roles.some((r) => CASHIER_ROLES.includes(r)))
      throw new AppError('forbidden', { detail: 'settlement is done by the cashier or the service advisor' });
  }

  /** The invoice at the actor's dealer, locked until the payment's or reversal's transaction ends. */
  async function lockedInvoice(tx: Database, actor: Actor, invoiceId: string) {
    const invoice = await createSettlementRepository(tx).lockInvoice(dealerScopeOf(actor), invoiceId);
    if (!invoice) throw notFound('invoice');
    return invoice;
  }

  async function loadOrder(tx: Database, actor: Actor, id: string) {
    const row = await createRepairOrdersRepository(tx).findOrder(dealerScopeOf(actor), id);
    if (!row) throw notFound('repair order');
    return row;
  }

  async function presentInvoice(
    tx: Database,
    actor: Actor,
    scope: Scope,
    invoice: InvoiceRow,
    order: RepairOrderRow | null,
  ): Promise<Invoice> {
    const payments = await createSettlementRepository(tx).payments(scope, invoice.id);
    const status = order?.status ?? (await createRepairOrdersRepository(tx).findOrder(scope, invoice.repair_order_id))?.status;
    const totals = invoice.totals as {
      byPayType: Invoice['byPayType'];
      freeItems: Invoice['freeItems'];
      taxIncludedFen: number;
      memberDiscount?: Invoice['memberDiscount'];
      bookingBenefit?: Invoice['bookingBenefit'];
    };
    const paidFen = payments.reduce((sum, p) => sum + (p.reversed_at ? 0 : p.amount_fen), 0);
    return {
      id: invoice.id,
      number: invoice.number,
      repairOrderId: invoice.repair_order_id,
      byPayType: totals.byPayType,
      freeItems: totals.freeItems,
      totalFen: invoice.total_fen,
      customerPayableFen: invoice.customer_payable_fen,
      discountFen: invoice.discount_fen,
      // Invoices made before free services were applied carry none.
      memberDiscount: totals.memberDiscount ? { ...totals.memberDiscount, freeServices: totals.memberDiscount.freeServices ?? [] } : null,
      bookingBenefit: totals.bookingBenefit ?? null,
      amountDueFen: invoice.customer_payable_fen - invoice.discount_fen,
      taxIncludedFen: totals.taxIncludedFen,
      paidFen,
      payments: payments.map((p) => ({
        id: p.id,
        method: p.method,
        amountFen: p.amount_fen,
        at: p.at.toISOString(),
        reversal: p.reversed_at ? { at: p.reversed_at.toISOString(), reason: p.reversal_reason!, by: p.reversed_by_name } : null,
      })),
      readyToPayAt: invoice.ready_to_pay_at.toISOString(),
      paidAt: invoice.paid_at?.toISOString() ?? null,
      cashierSeconds: invoice.paid_at ? Math.round((invoice.paid_at.getTime() - invoice.ready_to_pay_at.getTime()) / 1000) : null,
      nextMaintenance: order?.next_due_on ? { dueOn: order.next_due_on, dueKm: order.next_due_km } : null,
      can: {
        reversePayment: status !== undefined && repairOrderAbilities(actor, { dealer_id: invoice.dealer_id, status }).reversePayment,
      },
    };
  }

  /** The invoice as it stands after a change in this transaction. */
  async function invoiceNow(tx: Database, actor: Actor, invoiceId: string, order: RepairOrderRow) {
    const invoice = await createSettlementRepository(tx).findInvoice(dealerScopeOf(actor), { id: invoiceId });
    return presentInvoice(tx, actor, dealerScopeOf(actor), invoice!, order);
  }

  /** A manager types their own login on the advisor's tablet to approve a discount beyond the advisor's authority. */
  async function approver(
    tx: Database,
    actor: Actor,
    approval: { login: string; password: string } | undefined,
    discountFen: number,
    grossFen: number,
  ) {
    if (!discountNeedsApproval(discountFen, grossFen, DEFAULT_DISCOUNT_LIMITS, actor.roles)) return null;
    if (!approval) throw AppError.field('validation_failed', 'approval', 'approval_required', 'this discount needs a manager’s approval');
    const manager = await createAuthRepository(tx).findUserByLogin(approval.login);
    const ok =
      manager &&
      manager.dealer_id === actor.dealerId &&
      !manager.disabled_at &&
      (await verifyPassword(approval.password, manager.password_hash));
    if (!ok) throw AppError.field('validation_failed', 'approval', 'approval_invalid', 'the approver’s login or password is wrong');
    if (discountNeedsApproval(discountFen, grossFen, DEFAULT_DISCOUNT_LIMITS, manager.roles as Role[])) {
      throw AppError.field('validation_failed', 'approval', 'beyond_authority', 'this discount is beyond the approver’s authority too');
    }
    return manager.id;
  }

  return {
    /** Ready → invoiced: the bill is fixed from the order's lines; the time it became payable starts the cashier clock. */
    async invoice(
      actor: Actor,
      repairOrderId: string,
      input: { version: number; discountFen: number; approval?: { login: string; password: string } },
    ) {
      requireCashierDesk(actor);
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const order = await loadOrder(tx, actor, repairOrderId);
        repairOrderPolicy.authorize(actor, 'invoice', order);
        if (order.version !== input.version) throw versionConflict(order.version);
        const check = roTransition(order.status, 'invoiced', {});
        if (!check.ok) throw new AppError('invalid_transition', { detail: check.message, extra: { status: order.status } });
        const lines = await createRepairOrdersRepository(tx).lines(dealerScopeOf(actor), [order.id]);
        await requireWarrantyConfirmed(tx, dealerId, order.id, lines);
        const totals = roTotals(lines.map((l) => ({ ...toRuleLine(l), description: l.description })));
        // A member of the brand's club gets the level's free services and labour discount, beside any discount given here.
        const member = await memberDiscount(tx, {
          networkId: actor.networkId,
          customerId: order.customer_id,
          lines: lines.map((l) => ({ ...toRuleLine(l), id: l.id, code: l.code, description: l.description })),
          now,
          today: localDate(now, actor.timeZone),
        });
        const memberFen = (member?.discountFen ?? 0) + (member?.freeServices.reduce((sum, f) => sum + f.fen, 0) ?? 0);
        // An appointment kept on time earns the dealer's labour discount on what the club's left of the labour.
        const booking = await keptAppointmentDiscount(tx, {
          dealerId,
          visitId: order.visit_id,
          promisedAt: order.promised_at,
          readyAt: order.ready_at,
          labourLeftFen: customerLabourFen(totals) - memberFen,
          now,
        });
        const benefitsFen = memberFen + (booking?.discountFen ?? 0);
        if (input.discountFen + benefitsFen > totals.customerPayableFen)
          throw AppError.field('validation_failed', 'discountFen', 'too_large', 'more than the customer pays');
        const discountFen = input.discountFen + benefitsFen;
        const approvedBy = await approver(tx, actor, input.approval, input.discountFen, totals.byPayType.customer.grossFen);
        const id = newId();
        const settlement = createSettlementRepository(tx);
        await settlement.insertInvoice({
          dealer_id: dealerId,
          id,
          number: await nextDailyNumber(tx, dealerId, 'INV', localDate(now, actor.timeZone)),
          repair_order_id: order.id,
          totals: JSON.stringify({
            byPayType: amountsByPayType(totals),
            freeItems: totals.freeItems.map((f) => ({ description: f.description, payType: f.payType, netFen: f.amount.netFen })),
            // The VAT contained in what the customer actually pays, after the discounts.
            taxIncludedFen: vatContainedFen(totals.customerPayableFen - discountFen),
            memberDiscount: member,
            bookingBenefit: booking,
          }),
          total_fen: totals.totalFen,
          customer_payable_fen: totals.customerPayableFen,
          discount_fen: discountFen,
          discount_approved_by: approvedBy,
          ready_to_pay_at: now,
          created_at: now,
          created_by: actor.userId,
        });
        if (member?.freeServices.length)
          await recordFreeServices(tx, {
            networkId: actor.networkId,
            dealerId,
            customerId: order.customer_id,
            invoiceId: id,
            freeServices: member.freeServices,
            now,
          });
        const updated = await createRepairOrdersRepository(tx).updateOrder(dealerId, order.id, order.version, {
          status: 'invoiced',
          updated_at: now,
        });
        if (!updated) throw versionConflict(order.version + 1);
        // Nothing to pay (a free first service, warranty work): the bill is settled as it is made.
        if (totals.customerPayableFen - discountFen === 0) await settlement.markPaid(dealerId, { id, repair_order_id: order.id }, now);
        const invoice = (await settlement.findInvoice(dealerScopeOf(actor), { id }))!;
        const result = await presentInvoice(tx, actor, dealerScopeOf(actor), invoice, order);
        await recordAudit(
          tx,
          actor,
          { action: 'invoice.created', entityType: 'invoice', entityId: id, after: { ...result, discountApprovedBy: approvedBy } },
          now,
        );
        return result;
      });
    },

    async getInvoice(actor: Actor, id: string) {
      authorize(actor, 'repair_order.read');
      const scope = dealerScopeOf(actor);
      const invoice = await createSettlementRepository(db).findInvoice(scope, { id });
      if (!invoice) throw notFound('invoice');
      return presentInvoice(
        db,
        actor,
        scope,
        invoice,
        (await createRepairOrdersRepository(db).findOrder(dealerScopeOf(actor), invoice.repair_order_id)) ?? null,
      );
    },

    /** Vehicles in, timely reception, on-time delivery, cashier time and revenue by pay type. */
    async kpis(actor: Actor, query: { from: string; to: string; groupBy: 'day' | 'month' | 'sa'; dealerId?: string }) {
      authorize(actor, 'kpi.read');
      const period = reportPeriod(query, actor.timeZone);
      const rows = await createRepairOrdersRepository(await reads.forReport(actor)).serviceKpiRows(
        scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {}),
        actor.timeZone,
        period.from,
        period.to,
        query.groupBy,
      );
      const keys = [...new Set([...rows.visits, ...rows.deliveries, ...rows.invoices].map((r) => r.key))].sort();
      return keys.map((key) => {
        const visits = rows.visits.find((r) => r.key === key);
        const deliveries = rows.deliveries.find((r) => r.key === key);
        const invoices = rows.invoices.filter((r) => r.key === key);
        const paidAtTill = invoices.flatMap((i) => (i.cashier_seconds === null ? [] : [Number(i.cashier_seconds)]));
        const revenueByPayTypeFen: Record<string, number> = {};
        for (const invoice of invoices)
          for (const [payType, t] of Object.entries(invoice.totals.byPayType))
            revenueByPayTypeFen[payType] = (revenueByPayTypeFen[payType] ?? 0) + t.netFen;
        return {
          key,
          vehiclesIn: visits?.vehicles_in ?? 0,
          timelyReceptionRate: rate(visits?.timely ?? 0, visits?.vehicles_in ?? 0),
          onTimeDeliveryRate: rate(deliveries?.on_time ?? 0, deliveries?.delivered ?? 0),
          averageCashierSeconds: paidAtTill.length
            ? Math.round(paidAtTill.reduce((s, seconds) => s + seconds, 0) / paidAtTill.length)
            : null,
          revenueByPayTypeFen,
        };
      });
    },

    async invoicePdf(actor: Actor, id: string, locale: 'zh-CN' | 'en') {
      authorize(actor, 'repair_order.read');
      return invoicePdf(db, scopeOf(actor), contactViewOf(actor), id, locale);
    },

    /** A payment; when the bill is covered the invoice is paid and the parts leave stock, once. */
    async pay(
      actor: Actor,
      invoiceId: string,
      input: { method: Invoice['payments'][number]['method']; amountFen: number; reference?: string | null },
    ) {
      requireCashierDesk(actor);
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const settlement = createSettlementRepository(tx);
        const invoice = await lockedInvoice(tx, actor, invoiceId);
        if (invoice.paid_at) throw new AppError('invalid_transition', { detail: 'this invoice is paid', extra: { status: 'paid' } });
        const paid = await settlement.paidFen(dealerScopeOf(actor), invoiceId);
        const amountDueFen = invoice.customer_payable_fen - invoice.discount_fen;
        const due = amountDueFen - paid;
        if (input.amountFen > due) throw AppError.field('validation_failed', 'amountFen', 'more_than_due', `only ${due} fen are due`);
        const order = await loadOrder(tx, actor, invoice.repair_order_id);
        const paymentId = newId();
        // Points pay within the club's limits; the redeem entry is written in this payment's transaction.
        if (input.method === 'points')
          await redeemPoints(tx, {
            networkId: actor.networkId,
            dealerId,
            customerId: order.customer_id,
            invoiceId,
            paymentId,
            amountFen: input.amountFen,
            amountDueFen,
            paidFen: paid,
            userId: actor.userId,
            now,
          });
        await settlement.insertPayment({
          dealer_id: dealerId,
          id: paymentId,
          invoice_id: invoiceId,
          method: input.method,
          amount_fen: input.amountFen,
          reference: input.reference ?? null,
          received_by: actor.userId,
          at: now,
        });
        if (input.amountFen === due) {
          await settlement.markPaid(dealerId, invoice, now);
          // A member earns points on what was paid in money, once per invoice.
          await earnPoints(tx, {
            networkId: actor.networkId,
            dealerId,
            customerId: order.customer_id,
            invoiceId,
            paymentId,
            lines: (await createRepairOrdersRepository(tx).lines(dealerScopeOf(actor), [order.id])).map(toRuleLine),
            amountDueFen,
            userId: actor.userId,
            now,
            today: localDate(now, actor.timeZone),
          });
        }
        await recordAudit(tx, actor, { action: 'payment.recorded', entityType: 'invoice', entityId: invoiceId, after: input }, now);
        return invoiceNow(tx, actor, invoiceId, order);
      });
    },

    /**
     * A payment taken back before the car leaves: the row stays with its reversal beside it; when it
     * had settled the bill the invoice is open again (its parts back in stock until paid); a payment
     * in points gives the points back and the points the bill earned are taken back, in this
     * transaction. A retried reversal changes nothing.
     */
    async reversePayment(actor: Actor, invoiceId: string, paymentId: string, input: { reason: string }) {
      requireCashierDesk(actor);
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const settlement = createSettlementRepository(tx);
        const invoice = await lockedInvoice(tx, actor, invoiceId);
        const order = await loadOrder(tx, actor, invoice.repair_order_id);
        repairOrderPolicy.authorize(actor, 'reversePayment', order);
        if (order.status !== 'invoiced')
          throw new AppError('invalid_transition', {
            detail: 'the car was handed back: the payment stands',
            extra: { status: order.status },
          });
        const payment = (await settlement.payments(dealerScopeOf(actor), invoiceId)).find((p) => p.id === paymentId);
        if (!payment) throw notFound('payment');
        if (payment.reversed_at) throw new AppError('payment_reversed', { detail: 'this payment was taken back before' });
        await reversePaymentPoints(tx, {
          networkId: actor.networkId,
          dealerId,
          customerId: order.customer_id,
          invoiceId,
          paymentId,
          method: payment.method,
          settled: invoice.paid_at !== null,
          userId: actor.userId,
          now,
        });
        await settlement.insertReversal({
          dealer_id: dealerId,
          payment_id: paymentId,
          invoice_id: invoiceId,
          reason: input.reason,
          reversed_by: actor.userId,
          at: now,
        });
        if (invoice.paid_at) await settlement.markUnpaid(dealerId, invoice);
        await recordAudit(
          tx,
          actor,
          {
            action: 'payment.reversed',
            entityType: 'invoice',
            entityId: invoiceId,
            before: { paymentId, method: payment.method, amountFen: payment.amount_fen, paidAt: invoice.paid_at },
            after: { reason: input.reason },
          },
          now,
        );
        return invoiceNow(tx, actor, invoiceId, order);
      });
    },

    /** Handing the car back: the checklist, the next maintenance due, and the visit.delivered event for follow-up. */
    async deliver(
      actor: Actor,
      repairOrderId: string,
      input: { version: number; checklist: { workExplained: boolean; oldPartsShown: boolean; carClean: boolean } },
    ) {
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const order = await loadOrder(tx, actor, repairOrderId);
        repairOrderPolicy.authorize(actor, 'deliver', order);
        if (order.version !== input.version) throw versionConflict(order.version);
        const check = roTransition(order.status, 'delivered', {});
        if (!check.ok) throw new AppError('invalid_transition', { detail: check.message, extra: { status: order.status } });
        const invoice = await createSettlementRepository(tx).findInvoice(dealerScopeOf(actor), { repairOrderId });
        if (!invoice?.paid_at)
          throw new AppError('invalid_transition', { detail: 'the invoice is not paid yet', extra: { status: order.status } });
        const missing = Object.entries(input.checklist)
          .filter(([, done]) => !done)
          .map(([item]) => item);
        if (missing.length)
          throw AppError.field(
            'validation_failed',
            `checklist.${missing[0]}`,
            'not_done',
            'every step of the delivery is done before the keys are handed over',
          );

        const today = localDate(now, actor.timeZone);
        const vehicle = await createVehiclesRepository(tx).findById(dealerScopeOf(actor), order.vehicle_id);
        const model = vehicle?.model_id ? await createVehiclesRepository(tx).findModel(actor.networkId, vehicle.model_id) : null;
        const readings = (await createVehiclesRepository(tx).listMileage(order.vehicle_id)).map((r) => ({
          readOn: r.read_on,
          km: r.km,
          odometerReplaced: r.odometer_replaced,
        }));
        // This visit is now the last service, at its mileage-in (the walk-around's when the RO has none): the nightly run's inputs.
        const serviceKm =
          order.odometer_km ?? (await createInspectionsRepository(tx).walkaroundOdometer(dealerScopeOf(actor), order.visit_id));
        const due = maintenanceDue({
          today,
          intervalKm: model?.service_interval_km ?? 5000,
          intervalMonths: model?.service_interval_months ?? 3,
          readings,
          lastService: { on: today, km: serviceKm },
          deliveredOn: vehicle?.delivered_on ?? null,
        })!;

        const updated = await createRepairOrdersRepository(tx).updateOrder(dealerId, order.id, order.version, {
          status: 'delivered',
          delivered_at: now,
          delivery_checklist: JSON.stringify(input.checklist),
          next_due_on: due.dueOn,
          next_due_km: due.dueKm,
          updated_at: now,
        });
        if (!updated) throw versionConflict(order.version + 1);
        await createSettlementRepository(tx).closeVisit(dealerId, order.visit_id);
        await createTimelineRepository(tx).record([
          {
            networkId: actor.networkId,
            customerId: order.customer_id,
            vehicleId: order.vehicle_id,
            dealerId,
            kind: 'visit.delivered',
            data: { number: order.number, nextDueOn: due.dueOn, nextDueKm: due.dueKm },
            actorUserId: actor.userId,
            occurredAt: now,
          },
        ]);
        await deps.jobs.send(
          tx,
          visitDeliveredEvent,
          {
            dealerId,
            visitId: order.visit_id,
            repairOrderId: order.id,
            customerId: order.customer_id,
            vehicleId: order.vehicle_id,
            deliveredAt: now.toISOString(),
          },
          { dedupeKey: order.id },
        );
        await deps.webhooks.emit(tx, {
          dealerId,
          type: 'visit.delivered',
          recordKey: `visit:${order.visit_id}`,
          data: {
            visitId: order.visit_id,
            repairOrderId: order.id,
            customerId: order.customer_id,
            vehicleId: order.vehicle_id,
            deliveredAt: now.toISOString(),
          },
          occurredAt: now,
        });
        await recordAudit(
          tx,
          actor,
          {
            action: 'repair_order.delivered',
            entityType: 'repair_order',
            entityId: order.id,
            after: { nextDueOn: due.dueOn, nextDueKm: due.dueKm },
          },
          now,
        );
        const after = await loadOrder(tx, actor, order.id);
        // The delivery sets off the survey: the advisor is told whether and when its SMS goes.
        const survey = await deps.previewSurvey(tx, deps.outbox, { dealerId, customerId: order.customer_id, deliveredAt: now });
        return {
          repairOrder: presentRepairOrder(
            after,
            await createRepairOrdersRepository(tx).lines(dealerScopeOf(actor), [order.id]),
            contactViewOf(actor),
            actor,
          ),
          nextMaintenance: { dueOn: due.dueOn, dueKm: due.dueKm },
          survey,
        };
      });
    },
  };
}

export type SettlementService = ReturnType<typeof createSettlementService>;
