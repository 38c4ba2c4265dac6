import type { SanbaoStanding, sanbaoDecisionInputSchema } from '@servicebay/contracts';
import type { z } from 'zod';
import { type Actor, authorize, isCarMaker } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { rolesGrant } from '../../platform/rbac.js';
import { scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import { createSanbaoRepository, type SanbaoCaseRow } from './sanbao.repository.js';
import { sanbaoStandingOf } from './sanbao.watch.js';

type Deps = { db: Database; clock: Clock };
export type SanbaoDecisionInput = z.output<typeof sanbaoDecisionInputSchema>;

function presentCase(row: SanbaoCaseRow) {
  return {
    id: row.id,
    dealer: { id: row.dealer_id, name: row.dealer_name },
    status: row.status,
    flags: row.flags,
    decision: row.decision,
    note: row.note,
    decidedBy: row.decided_by ? { id: row.decided_by, name: row.decided_by_name ?? '' } : null,
    decidedAt: row.decided_at?.toISOString() ?? null,
    openedAt: row.opened_at.toISOString(),
  };
}

/** Who decides a case: the car maker's warranty staff, or a manager of the dealer that opened it. */
const mayDecide = (actor: Actor, c: { dealer_id: string; status: string }) =>
  c.status === 'open' && rolesGrant(actor.roles, 'warranty.sanbao') && (isCarMaker(actor) || actor.dealerId === c.dealer_id);

/** 三包 (domain.md §8): the household-car rules' thresholds per car, the cases near or at them, and their decisions. */
export function createSanbaoService({ db, clock }: Deps) {
  async function standingView(tx: Database, actor: Actor, vehicleId: string): Promise<SanbaoStanding> {
    const { standing } = await sanbaoStandingOf(tx, vehicleId, clock.now(), actor.timeZone);
    const row = await createSanbaoRepository(tx).caseOf(vehicleId);
    return {
      vehicleId,
      inPeriod: standing?.inPeriod ?? false,
      periodEndsOn: standing?.periodEndsOn ?? null,
      periodEndsKm: standing?.periodEndsKm ?? 0,
      repairDays: standing?.repairDays ?? 0,
      sameDefect: standing?.sameDefect ?? { part: null, count: 0 },
      majorPartRepairs: standing?.majorPartRepairs ?? 0,
      earlyMajorFailure: standing?.earlyMajorFailure ?? false,
      failureAtDelivery: standing?.failureAtDelivery ?? false,
      flags: standing?.flags ?? [],
      case: row ? presentCase(row) : null,
      can: { decide: row ? mayDecide(actor, row) : false },
    };
  }

  async function visible(tx: Database, actor: Actor, vehicleId: string) {
    if (!(await createVehiclesRepository(tx).findById(scopeOf(actor), vehicleId))) throw notFound('vehicle');
  }

  return {
    async standing(actor: Actor, vehicleId: string) {
      authorize(actor, 'vehicle.read');
      await visible(db, actor, vehicleId);
      return standingView(db, actor, vehicleId);
    },

    /** The case's decision: continue repairing, replace the car or take it back, with its reasons. */
    async decide(actor: Actor, vehicleId: string, input: SanbaoDecisionInput) {
      authorize(actor, 'warranty.sanbao');
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        await visible(tx, actor, vehicleId);
        const repo = createSanbaoRepository(tx);
        const open = await repo.lockOpenCase(vehicleId);
        if (!open) throw new AppError('invalid_transition', { detail: 'the car has no open 三包 case' });
        if (!mayDecide(actor, open))
          throw new AppError('forbidden', { detail: "the case is decided by the car maker or the opening dealer's managers" });
        await repo.updateCase(open.id, {
          status: 'decided',
          decision: input.decision,
          note: input.note,
          decided_by: actor.userId,
          decided_at: now,
          updated_at: now,
        });
        const view = await standingView(tx, actor, vehicleId);
        await recordAudit(tx, actor, { action: 'sanbao.decided', entityType: 'vehicle', entityId: vehicleId, after: view.case }, now);
        return view;
      });
    },

    async watch(actor: Actor, query: { dealerId?: string | undefined }) {
      authorize(actor, 'warranty.read');
      const rows = await createSanbaoRepository(db).watch(scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {}), 200);
      return {
        items: rows.map((r) => ({
          vehicle: { id: r.vehicle_id, vin: r.vin, plate: r.plate_key, modelName: r.model_name },
          case: presentCase(r),
        })),
      };
    },
  };
}
