import { type Campaign, type CampaignDetail, type campaignInputSchema, normalizeVin, type VehicleCampaigns } from '@servicebay/contracts';
import type { z } from 'zod';
import { type Actor, authorize, isCarMaker } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, type FieldError, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { rolesGrant } from '../../platform/rbac.js';
import { scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import type { FollowUpCalls } from '../follow-up/follow-up.calls.js';
import { createVehiclesRepository } from '../vehicles/vehicles.repository.js';
import { type CampaignRow, createCampaignsRepository } from './campaigns.repository.js';
import { presentVehicleCampaign } from './warranty.presenter.js';
import { createWarrantyRepository } from './warranty.repository.js';
import { campaignOpen, completionByRegion, cumulativeOf, rateOf, readVinList } from './warranty.rules.js';

type Deps = { db: Database; clock: Clock; followUpCalls: Pick<FollowUpCalls, 'scheduleCampaignCalls'> };
export type CampaignCreate = z.output<typeof campaignInputSchema>;

/** At most this many bad rows of an import are named; the rest are counted. */
const MAX_ROW_ERRORS = 100;

function presentCampaign(row: CampaignRow & { vehicles: number; completed: number }, today: string): Campaign {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    title: row.title,
    description: row.description,
    labourCode: row.labour_code,
    labourHours: Number(row.labour_hours),
    parts: row.parts,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    rule: row.rule,
    open: campaignOpen(row, today),
    createdAt: row.created_at.toISOString(),
    vehicles: row.vehicles,
    completed: row.completed,
    completionRate: rateOf(row.completed, row.vehicles),
  };
}

/** Recalls and service campaigns (domain.md §8): the car maker names the cars; their dealers invite the owners in. */
export function createCampaignsService({ db, clock, followUpCalls }: Deps) {
  const today = (actor: Actor) => localDate(clock.now(), actor.timeZone);

  return {
    async list(actor: Actor, query: { dealerId?: string | undefined } = {}) {
      authorize(actor, 'vehicle.read');
      const scope = scopeOf(actor, query.dealerId ? { dealerIds: [query.dealerId] } : {});
      const rows = await createCampaignsRepository(db).list(scope);
      return {
        items: rows.map((r) => presentCampaign(r, today(actor))),
        canWrite: isCarMaker(actor) && rolesGrant(actor.roles, 'warranty.policy'),
      };
    },

    async get(actor: Actor, id: string): Promise<CampaignDetail> {
      authorize(actor, 'vehicle.read');
      const scope = scopeOf(actor);
      const repo = createCampaignsRepository(db);
      const row = await repo.find(scope, id);
      if (!row) throw notFound('campaign');
      const [dealers, open, weeks] = await Promise.all([
        repo.byDealer(scope, id),
        repo.openVehicles(scope, id, 500),
        repo.completedByWeek(scope, id, actor.timeZone),
      ]);
      return {
        ...presentCampaign(row, today(actor)),
        byDealer: dealers.map((d) => ({
          dealer: { id: d.id, code: d.code, name: d.name, region: d.region },
          vehicles: d.vehicles,
          completed: d.completed,
          completionRate: rateOf(d.completed, d.vehicles),
        })),
        byRegion: completionByRegion(dealers).map((r) => ({ ...r, completionRate: rateOf(r.completed, r.vehicles) })),
        overTime: cumulativeOf(weeks.map((w) => ({ weekOf: w.week_of, completed: w.completed }))),
        openVehicles: open.map((v) => ({ vehicleId: v.vehicle_id, vin: v.vin, plate: v.plate_key, dealerId: v.dealer_id })),
      };
    },

    /**
     * A campaign on a list of VINs (every bad row named, nothing written while one is bad) or on a
     * rule; each car's dealer gets a call to invite its owner in.
     */
    async create(actor: Actor, input: CampaignCreate) {
      authorize(actor, 'warranty.policy');
      if (!isCarMaker(actor)) throw forbidden('campaigns are launched by the car maker');
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createCampaignsRepository(tx);
        if (await repo.findByCode(actor.networkId, input.code))
          throw AppError.field('validation_failed', 'code', 'taken', 'a campaign with this code exists');
        let target: { vehicleIds: string[] } | { rule: NonNullable<CampaignCreate['rule']> };
        if (input.vins) {
          const { vins, bad } = readVinList(input.vins);
          const known = new Map((await repo.vehiclesByVin(actor.networkId, vins)).map((v) => [v.vin, v.id]));
          const errors: FieldError[] = bad.map((b) => ({ field: `vins.${b.index}`, code: b.code, message: 'not a valid VIN' }));
          input.vins.forEach((row, index) => {
            if (!bad.some((b) => b.index === index) && !known.has(normalizeVin(row)))
              errors.push({ field: `vins.${index}`, code: 'unknown_vin', message: 'no such vehicle in the network' });
          });
          if (errors.length)
            throw new AppError('validation_failed', {
              detail: `${errors.length} rows of the list are not vehicles of the network`,
              errors: errors.sort((a, b) => Number(a.field.slice(5)) - Number(b.field.slice(5))).slice(0, MAX_ROW_ERRORS),
              extra: { badRows: errors.length },
            });
          target = { vehicleIds: [...known.values()] };
        } else {
          if (!(await createWarrantyRepository(tx).findModel(actor.networkId, input.rule!.modelId)))
            throw AppError.field('validation_failed', 'rule.modelId', 'unknown_model', 'no such model');
          target = { rule: input.rule! };
        }
        const id = newId();
        await repo.insert({
          id,
          network_id: actor.networkId,
          code: input.code,
          kind: input.kind,
          title: input.title,
          description: input.description ?? null,
          labour_code: input.labourCode ?? null,
          labour_hours: input.labourHours,
          parts: JSON.stringify(input.parts),
          valid_from: input.validFrom,
          valid_to: input.validTo ?? null,
          rule: input.rule ? JSON.stringify(input.rule) : null,
          created_by: actor.userId,
          created_at: now,
        });
        const cars = await repo.insertVehicles(actor.networkId, id, target);
        if (cars.length === 0)
          throw AppError.field(
            'validation_failed',
            input.vins ? 'vins' : 'rule',
            'no_vehicles',
            'the campaign names no vehicle of the network',
          );
        const dealerIds = [...new Set(cars.flatMap((c) => (c.dealer_id ? [c.dealer_id] : [])))].sort();
        const anchorOn = input.validFrom > today(actor) ? input.validFrom : today(actor);
        const calls = await followUpCalls.scheduleCampaignCalls(tx, { campaignId: id, dealerIds, anchorOn });
        const campaign = presentCampaign((await repo.find(scopeOf(actor), id))!, today(actor));
        await recordAudit(
          tx,
          actor,
          { action: 'campaign.created', entityType: 'campaign', entityId: id, after: { ...campaign, dealers: dealerIds.length, calls } },
          now,
        );
        return campaign;
      });
    },

    /** The campaigns naming a car, for the lookup, reception, vehicle and 360 pages. */
    async ofVehicle(actor: Actor, vehicleId: string): Promise<VehicleCampaigns> {
      authorize(actor, 'vehicle.read');
      if (!(await createVehiclesRepository(db).findById(scopeOf(actor), vehicleId))) throw notFound('vehicle');
      const rows = await createCampaignsRepository(db).ofVehicle(vehicleId);
      const items = rows.map((r) => presentVehicleCampaign(r, today(actor)));
      return { items: items.sort((a, b) => Number(b.open) - Number(a.open)) };
    },
  };
}
