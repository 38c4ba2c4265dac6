import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { createDriveRepository } from './drive.repository.js';

// The drive's entry point for check-in (repair orders): one open visit per vehicle at a dealer.

const openVisitExists = (openVisitId: string | null) =>
  new AppError('open_visit_exists', {
    detail: 'this car already has an open visit: open it, or cancel it if it was opened by mistake',
    extra: { openVisitId },
  });

/**
 * One open visit per vehicle (check-in): check-ins of the same car take turns, and a second one
 * while a visit is open gets 409 naming that visit. Call inside the check-in's transaction.
 */
export async function refuseSecondVisit(tx: Database, dealerId: string, vehicleId: string): Promise<void> {
  const repo = createDriveRepository(tx);
  await repo.lockVehicleCheckIn(dealerId, vehicleId);
  const open = await repo.findOpenVisit(dealerId, vehicleId);
  if (open) throw openVisitExists(open.id);
}

/** The database's own guard (a partial unique index) if a check-in got past `refuseSecondVisit`. */
export function openVisitConflict(error: unknown): never {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  if (e?.code === '23505' && (e.constraint === undefined || e.constraint === 'visits_one_open_per_vehicle')) throw openVisitExists(null);
  throw error;
}
