import type {
  ClubCard,
  ClubFeeInput,
  ClubJoinInput,
  ClubMembership,
  ClubOverview,
  ClubOverviewQuery,
  ClubSettings,
  ClubSettingsInput,
  InvoicePoints,
} from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { reportPeriod } from '../../platform/period.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { dealerScopeOf, requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { CASHIER_ROLES } from '../repair-orders/repair-orders.policy.js';
import { createRepairOrdersRepository } from '../repair-orders/repair-orders.repository.js';
import { createSettlementRepository } from '../repair-orders/settlement.repository.js';
import { createClubRepository } from './club.repository.js';
import { crossDealerBalance, dueExpiries, feeYear, freeServicesLeft, levelOf, levelSetting, lots, nextLevelBySpend } from './club.rules.js';
import { asLedgerEntry, type ClubSettingsLoaded, loadClubSettings, pointsQuote, yearBefore } from './club.settlement.js';

type Deps = { db: Database; reads: ReadRouter; clock: Clock };

/** The ledger entries a card shows, newest first. */
const CARD_ENTRIES = 100;
/** Members whose points expire, handled per batch of the nightly run. */
const EXPIRY_BATCH = 500;
/** The network's day for expiry (the car maker's time zone). */
const NETWORK_TIME_ZONE = 'Asia/Shanghai';

const presentSettings = (s: ClubSettingsLoaded): ClubSettings => ({
  levels: s.levels,
  benefitCodes: s.benefitCodes,
  earnPerYuan: s.earnPerYuan,
  pointValueFen: s.pointValueFen,
  maxRedeemPercent: s.maxRedeemPercent,
  minRedeemPoints: s.minRedeemPoints,
  expiryMonths: s.expiryMonths,
  crossDealerPayer: s.crossDealerPayer,
  version: s.version,
  updatedAt: s.updatedAt?.toISOString() ?? null,
});

/** The brand's owners' club (issue 17): settings, the member's card and ledger, enrolment, the network view, expiry. */
export function createClubService({ db, reads, clock }: Deps) {
  async function settings(actor: Actor): Promise<ClubSettings> {
    authorize(actor, 'club.read');
    return presentSettings(await loadClubSettings(db, actor.networkId));
  }

  /** The car maker's admin sets the network's club; a second save needs the version read. */
  async function saveSettings(actor: Actor, input: ClubSettingsInput): Promise<ClubSettings> {
    authorize(actor, 'club.settings');
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const before = await loadClubSettings(tx, actor.networkId);
      if (before.version > 0 && input.version !== before.version) throw versionConflict(before.version);
      const version = before.version + 1;
      await createClubRepository(tx).saveSettings({
        network_id: actor.networkId,
        levels: JSON.stringify(input.levels),
        benefit_codes: JSON.stringify(input.benefitCodes),
        earn_labour_per_yuan: input.earnPerYuan.labour,
        earn_parts_per_yuan: input.earnPerYuan.parts,
        point_value_fen: input.pointValueFen,
        max_redeem_percent: input.maxRedeemPercent,
        min_redeem_points: input.minRedeemPoints,
        expiry_months: input.expiryMonths,
        cross_dealer_payer: input.crossDealerPayer,
        version,
        updated_by: actor.userId,
        updated_at: now,
      });
      const after = await loadClubSettings(tx, actor.networkId);
      await recordAudit(
        tx,
        actor,
        {
          action: 'club.settings',
          entityType: 'network',
          entityId: actor.networkId,
          before: presentSettings(before),
          after: presentSettings(after),
        },
        now,
      );
      return presentSettings(after);
    });
  }

  async function cardOf(tx: Database, actor: Actor, customerId: string): Promise<ClubCard | null> {
    const repo = createClubRepository(tx);
    const membership = await repo.membership(actor.networkId, customerId);
    if (!membership) return null;
    const now = clock.now();
    const today = localDate(now, actor.timeZone);
    const s = await loadClubSettings(tx, actor.networkId);
    const [spend, balance, ledger, entries, used, fees] = await Promise.all([
      repo.spendSince(actor.networkId, customerId, yearBefore(now)),
      repo.balance(actor.networkId, customerId),
      repo.ledger(actor.networkId, customerId),
      repo.entries(actor.networkId, customerId, CARD_ENTRIES),
      repo.benefitUsesSince(actor.networkId, customerId, yearBefore(now)),
      repo.fees(actor.networkId, customerId),
    ]);
    const level = levelOf(s.levels, spend, { level: membership.fee_level, paidUntil: membership.fee_paid_until }, today);
    const first = lots(ledger.map(asLedgerEntry))
      .filter((l) => l.expiresOn !== null)
      .sort((a, b) => a.expiresOn!.localeCompare(b.expiresOn!))[0];
    return {
      customerId,
      joinedAt: membership.joined_at.toISOString(),
      joinedDealer: { id: membership.joined_dealer_id, name: membership.joined_dealer_name },
      level,
      feeLevel: membership.fee_level,
      feePaidUntil: membership.fee_paid_until,
      spendFen12m: spend,
      nextLevel: nextLevelBySpend(s.levels, level),
      balance,
      pointValueFen: s.pointValueFen,
      expiring: first ? { points: first.remaining, on: first.expiresOn! } : null,
      benefits: levelSetting(s.levels, level),
      freeServicesLeft: freeServicesLeft(levelSetting(s.levels, level), used),
      fees: fees.map((f) => ({
        id: f.id,
        level: f.level,
        feeFen: f.fee_fen,
        method: f.method,
        paidFrom: f.paid_from,
        paidUntil: f.paid_until,
        dealer: { id: f.dealer_id, name: f.dealer_name },
        at: f.at.toISOString(),
      })),
      canTakeFee: mayTakeFee(actor),
      entries: entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        points: e.points,
        dealer: { id: e.dealer_id, name: e.dealer_name },
        sourceId: e.source_id,
        valueFen: e.value_fen,
        expiresOn: e.expires_on,
        at: e.at.toISOString(),
      })),
    };
  }

  /** A customer's membership card: any dealer the customer is linked to recognises the member; the car maker reads all. */
  async function card(actor: Actor, customerId: string): Promise<ClubMembership> {
    authorize(actor, 'club.read');
    const customer = await createClubRepository(db).customerInScope(scopeOf(actor), customerId);
    if (!customer) throw notFound('customer');
    return { membership: await cardOf(db, actor, customerId) };
  }

  /** Enrol a customer of the dealer; with a fee level, the level's annual fee is taken at the cashier in the same step. */
  async function enrol(actor: Actor, customerId: string, input: ClubJoinInput): Promise<ClubMembership> {
    authorize(actor, 'club.enrol');
    const dealerId = requireDealer(actor);
    if (input.feeLevel) requireFeeDesk(actor);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      const repo = createClubRepository(tx);
      if (!(await repo.customerInScope(dealerScopeOf(actor), customerId))) throw notFound('customer');
      const inserted = await repo.insertMembership({
        network_id: actor.networkId,
        customer_id: customerId,
        joined_dealer_id: dealerId,
        joined_at: now,
      });
      if (!inserted) throw new AppError('already_member', { detail: 'the customer is already a member of the club' });
      const fee =
        input.feeLevel && input.method ? await recordFee(tx, actor, customerId, { level: input.feeLevel, method: input.method }) : null;
      await recordAudit(
        tx,
        actor,
        { action: 'club.enrolled', entityType: 'customer', entityId: customerId, after: { feeLevel: input.feeLevel ?? null, fee } },
        now,
      );
      return { membership: await cardOf(tx, actor, customerId) };
    });
  }

  const mayTakeFee = (actor: Actor) => actor.dealerId !== null && actor.roles.some((r) => CASHIER_ROLES.includes(r));
  function requireFeeDesk(actor: Actor) {
    if (!mayTakeFee(actor)) throw new AppError('forbidden', { detail: 'an annual fee is taken at the cashier' });
  }

  /** The fee paid now for a year of the level (see `feeYear`), and the membership's paid-until moved to its end. */
  async function recordFee(tx: Database, actor: Actor, customerId: string, input: ClubFeeInput) {
    const repo = createClubRepository(tx);
    const membership = await repo.lockMembership(actor.networkId, customerId);
    if (!membership) throw notFound('membership');
    const s = await loadClubSettings(tx, actor.networkId);
    const feeFen = levelSetting(s.levels, input.level).annualFeeFen;
    if (feeFen === null) throw AppError.field('validation_failed', 'level', 'not_for_sale', 'this level is not sold by fee');
    const now = clock.now();
    const year = feeYear(
      { level: membership.fee_level, paidUntil: membership.fee_paid_until },
      input.level,
      localDate(now, actor.timeZone),
    );
    if (!year)
      throw AppError.field('validation_failed', 'level', 'below_paid_level', 'a higher level is paid for: this fee would buy nothing');
    const id = newId();
    await repo.insertFee({
      network_id: actor.networkId,
      id,
      customer_id: customerId,
      dealer_id: requireDealer(actor),
      level: input.level,
      fee_fen: feeFen,
      method: input.method,
      paid_from: year.paidFrom,
      paid_until: year.paidUntil,
      received_by: actor.userId,
      at: now,
    });
    await repo.setFeeLevel(actor.networkId, customerId, input.level, year.paidUntil);
    return { id, level: input.level, feeFen, method: input.method, ...year };
  }

  /** 缴纳年费: a member pays a level's annual fee at the cashier of the dealer (a renewal continues the year paid for). */
  async function takeFee(actor: Actor, customerId: string, input: ClubFeeInput): Promise<ClubMembership> {
    authorize(actor, 'club.enrol');
    requireFeeDesk(actor);
    const now = clock.now();
    return inTransaction(db, async (tx) => {
      if (!(await createClubRepository(tx).customerInScope(dealerScopeOf(actor), customerId))) throw notFound('customer');
      const fee = await recordFee(tx, actor, customerId, input);
      await recordAudit(tx, actor, { action: 'club.fee_paid', entityType: 'customer', entityId: customerId, after: fee }, now);
      return { membership: await cardOf(tx, actor, customerId) };
    });
  }

  /** What the cashier may take in points on an invoice of the dealer. */
  async function invoicePoints(actor: Actor, invoiceId: string): Promise<InvoicePoints> {
    authorize(actor, 'repair_order.read');
    authorize(actor, 'club.read');
    const scope = dealerScopeOf(actor);
    const invoice = await createSettlementRepository(db).findInvoice(scope, { id: invoiceId });
    if (!invoice) throw notFound('invoice');
    const order = (await createRepairOrdersRepository(db).findOrder(scope, invoice.repair_order_id))!;
    const now = clock.now();
    return pointsQuote(db, {
      networkId: actor.networkId,
      dealerId: invoice.dealer_id,
      customerId: order.customer_id,
      invoiceId,
      amountDueFen: invoice.customer_payable_fen - invoice.discount_fen,
      paidFen: await createSettlementRepository(db).paidFen(scope, invoiceId),
      now,
      today: localDate(now, actor.timeZone),
    });
  }

  /** Membership and redemption per dealer of the scope, and the balance between dealers by the network's rule. */
  async function overview(actor: Actor, query: ClubOverviewQuery): Promise<ClubOverview> {
    authorize(actor, 'club.overview');
    const period = reportPeriod(query, actor.timeZone);
    const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
    const s = await loadClubSettings(db, actor.networkId);
    const rows = await createClubRepository(await reads.forReport(actor)).overview(scope, period.from, period.to);
    const rate = (redeemed: number, earned: number) => (earned > 0 ? redeemed / earned : null);
    let carMakerOwesFen = 0;
    const dealers = rows.map((r) => {
      const figures = { redeemedHereEarnedElsewhere: r.redeemed_here_elsewhere, earnedHereRedeemedElsewhere: r.earned_here_elsewhere };
      const balance = crossDealerBalance(s.crossDealerPayer, s.pointValueFen, figures);
      carMakerOwesFen += balance.carMakerOwesFen;
      return {
        dealer: { id: r.id, name: r.name },
        members: r.members,
        newMembers: r.new_members,
        pointsEarned: r.earned,
        pointsRedeemed: r.redeemed,
        redemptionRate: rate(r.redeemed, r.earned),
        ...figures,
        balanceFen: balance.balanceFen,
        feesFen: r.fees_fen,
      };
    });
    const sum = (pick: (d: (typeof dealers)[number]) => number) => dealers.reduce((t, d) => t + pick(d), 0);
    const earned = sum((d) => d.pointsEarned);
    const redeemed = sum((d) => d.pointsRedeemed);
    return {
      crossDealerPayer: s.crossDealerPayer,
      pointValueFen: s.pointValueFen,
      dealers,
      total: {
        members: sum((d) => d.members),
        newMembers: sum((d) => d.newMembers),
        pointsEarned: earned,
        pointsRedeemed: redeemed,
        redemptionRate: rate(redeemed, earned),
        redeemedHereEarnedElsewhere: sum((d) => d.redeemedHereEarnedElsewhere),
        earnedHereRedeemedElsewhere: sum((d) => d.earnedHereRedeemedElsewhere),
        balanceFen: sum((d) => d.balanceFen),
        feesFen: sum((d) => d.feesFen),
        carMakerOwesFen,
      },
    };
  }

  /**
   * The nightly expiry: what is left of each earning past its expiry day becomes an expire entry naming
   * it (keyed by the earning, so a run repeated or raced expires it once), per member in one transaction
   * under the member's lock, so a redemption in progress is never counted twice.
   */
  async function expireDue(): Promise<{ expiredEntries: number; points: number }> {
    const now = clock.now();
    const today = localDate(now, NETWORK_TIME_ZONE);
    let expiredEntries = 0;
    let points = 0;
    for (const networkId of await createClubRepository(db).allNetworkIds()) {
      // Members whose earnings were all redeemed come back with nothing to expire: the cursor moves past them.
      let after: string | null = null;
      for (;;) {
        const customers = await createClubRepository(db).customersWithDueExpiry(networkId, today, after, EXPIRY_BATCH);
        if (customers.length === 0) break;
        after = customers[customers.length - 1]!;
        for (const customerId of customers) {
          await inTransaction(db, async (tx) => {
            const repo = createClubRepository(tx);
            await repo.lockMembership(networkId, customerId);
            for (const lot of dueExpiries(lots((await repo.ledger(networkId, customerId)).map(asLedgerEntry)), today)) {
              const written = await repo.appendEntry({
                id: newId(),
                network_id: networkId,
                customer_id: customerId,
                dealer_id: lot.dealerId,
                kind: 'expire',
                points: -lot.remaining,
                source_id: lot.id,
                idempotency_key: `expire:${lot.id}`,
                at: now,
              });
              if (written) {
                expiredEntries++;
                points += lot.remaining;
              }
            }
          });
        }
      }
    }
    return { expiredEntries, points };
  }

  return { settings, saveSettings, card, enrol, takeFee, invoicePoints, overview, expireDue };
}

export type ClubService = ReturnType<typeof createClubService>;
