import type { SanbaoFlag } from '@servicebay/contracts';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { newId } from '../../platform/ids.js';
import { createSanbaoRepository } from './sanbao.repository.js';
import { createWarrantyRepository } from './warranty.repository.js';
import { SANBAO_DEFAULTS, sanbaoStanding } from './warranty.rules.js';

/** A car's 三包 counts today, from its repairs and claims in the network. */
export async function sanbaoStandingOf(tx: Database, vehicleId: string, now: Date, timeZone: string) {
  const facts = await createSanbaoRepository(tx).facts(vehicleId);
  if (!facts.vehicle.delivered_on) return { facts, standing: null };
  const settings = (await createWarrantyRepository(tx).settings(facts.vehicle.network_id)).sanbao ?? SANBAO_DEFAULTS;
  const day = (at: Date) => localDate(at, timeZone);
  const standing = sanbaoStanding({
    soldOn: facts.vehicle.delivered_on,
    today: day(now),
    km: facts.km,
    settings,
    repairs: facts.repairs.map((r) => ({ arrivedOn: day(r.arrived_at), doneOn: r.done_at ? day(r.done_at) : null })),
    claims: facts.claims.map((c) => ({
      part: c.causal_part_code,
      term: c.term,
      arrivedOn: day(c.arrived_at),
      repairedOn: day(c.repaired_at),
      km: c.odometer_km,
    })),
  });
  return { facts, standing };
}

const key = (f: SanbaoFlag) => `${f.threshold}:${f.level}`;

/**
 * After a warranty repair is claimed: a car within its 三包 period that is near or at a threshold gets
 * an open case (its flags kept current), and the dealer's service managers a task for each threshold
 * and level the first time it is met. The car maker reads the open cases across the network.
 */
export async function watchSanbao(tx: Database, input: { vehicleId: string; dealerId: string; now: Date; timeZone: string }) {
  const { facts, standing } = await sanbaoStandingOf(tx, input.vehicleId, input.now, input.timeZone);
  if (!standing || !standing.inPeriod || standing.flags.length === 0) return;
  const repo = createSanbaoRepository(tx);
  const open = await repo.lockOpenCase(input.vehicleId);
  if (open) await repo.updateCase(open.id, { flags: JSON.stringify(standing.flags), updated_at: input.now });
  else
    await repo.insertCase({
      id: newId(),
      network_id: facts.vehicle.network_id,
      vehicle_id: input.vehicleId,
      dealer_id: input.dealerId,
      status: 'open',
      flags: JSON.stringify(standing.flags),
      opened_at: input.now,
      updated_at: input.now,
    });
  const before = new Set((open?.flags ?? []).map(key));
  const fresh = standing.flags.filter((f) => !before.has(key(f)));
  for (const manager of fresh.length ? await repo.managers(input.dealerId) : [])
    for (const f of fresh)
      await repo.insertWarning({
        dealer_id: input.dealerId,
        id: newId(),
        assignee_user_id: manager.id,
        customer_id: facts.vehicle.owner_id,
        due_at: new Date(input.now.getTime() + 86_400_000),
        dedupe_key: `sanbao:${input.vehicleId}:${key(f)}:${manager.id}`,
        created_at: input.now,
      });
}
