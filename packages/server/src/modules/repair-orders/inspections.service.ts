import crypto from 'node:crypto';
import type { InspectionInput, WalkaroundTemplate, WalkaroundTemplateInput } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type FileStorage, imageTypeOf, MAX_IMAGE_BYTES } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { dealerScopeOf, requireDealer, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { mileageErrorAs } from '../vehicles/vehicles.rules.js';
import type { VehiclesService } from '../vehicles/vehicles.service.js';
import { createInspectionsRepository } from './inspections.repository.js';
import { createRepairOrdersRepository } from './repair-orders.repository.js';

type InspectionRow = {
  id: string;
  visit_id: string;
  checklist: unknown;
  damage: unknown;
  tyres: unknown;
  fuel_level: number | null;
  odometer_km: number | null;
  valuables: string | null;
  covers_applied: boolean;
  photos: unknown;
  signed_at: Date | null;
  signed_content_hash: string | null;
};

const present = (row: InspectionRow) => ({
  id: row.id,
  visitId: row.visit_id,
  checklist: row.checklist as InspectionInput['checklist'],
  damage: row.damage as InspectionInput['damage'],
  tyres: row.tyres as InspectionInput['tyres'],
  fuelLevel: row.fuel_level ?? 0,
  odometerKm: row.odometer_km ?? 0,
  valuables: row.valuables,
  coversApplied: row.covers_applied,
  photos: row.photos as string[],
  signedAt: row.signed_at!.toISOString(),
  signedContentHash: row.signed_content_hash!,
});

/** The checklist a dealer walks until it sets its own (the paper form's items). */
export const DEFAULT_WALKAROUND_ITEMS = ['灯光', '雨刮', '轮胎', '车身外观', '内饰', '油液'];

/** The walk-around (环车检查) and the photos taken at the service drive. */
export function createInspectionsService(deps: {
  db: Database;
  clock: Clock;
  files: FileStorage;
  /** The vehicles module's reading entry point, run inside the walk-around's transaction (wired in services.ts). */
  mileage: Pick<VehiclesService, 'addMileage'>;
}) {
  const { db, clock, files } = deps;

  return {
    async template(actor: Actor): Promise<WalkaroundTemplate> {
      authorize(actor, 'repair_order.read');
      const row = await createRepairOrdersRepository(db).walkaroundTemplate(requireDealer(actor));
      if (!row?.walkaround_items) return { items: DEFAULT_WALKAROUND_ITEMS, updatedAt: null };
      return { items: row.walkaround_items, updatedAt: row.updated_at.toISOString() };
    },

    async updateTemplate(actor: Actor, input: WalkaroundTemplateInput): Promise<WalkaroundTemplate> {
      authorize(actor, 'appointment.settings');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const before = await createRepairOrdersRepository(tx).walkaroundTemplate(dealerId);
        await createRepairOrdersRepository(tx).saveWalkaroundTemplate(dealerId, input.items, now);
        await recordAudit(
          tx,
          actor,
          {
            action: 'walkaround_template.updated',
            entityType: 'dealer',
            entityId: dealerId,
            before: { items: before?.walkaround_items ?? null },
            after: { items: input.items },
          },
          now,
        );
        return { items: input.items, updatedAt: now.toISOString() };
      });
    },

    async uploadFile(actor: Actor, input: { contentType: string; dataBase64: string }) {
      authorize(actor, 'repair_order.read');
      const dealerId = requireDealer(actor);
      const bytes = Buffer.from(input.dataBase64, 'base64');
      if (bytes.length === 0) throw AppError.field('validation_failed', 'dataBase64', 'empty', 'no file data');
      if (bytes.length > MAX_IMAGE_BYTES)
        throw AppError.field('validation_failed', 'dataBase64', 'file_too_large', `at most ${MAX_IMAGE_BYTES} bytes`);
      // The content decides what is stored, never the declared type: only a real JPEG, PNG or WebP.
      const contentType = imageTypeOf(bytes);
      if (!contentType) throw AppError.field('unsupported_media_type', 'dataBase64', 'not_an_image', 'not a JPEG, PNG or WebP photo');
      return files.put({ dealerId, contentType, bytes });
    },

    /** A file opens only for its own dealer (the key names it) or the car maker. */
    async file(actor: Actor, key: string) {
      authorize(actor, 'repair_order.read');
      if (actor.dealerId && !key.startsWith(`${actor.dealerId}/`)) throw notFound('file');
      const file = await files.get(key);
      // A file whose content is not the image its name says (stored before uploads were checked) is never served.
      if (!file || imageTypeOf(file.bytes) !== file.contentType) throw notFound('file');
      return file;
    },

    /** The customer signs the walk-around; the odometer becomes a mileage reading in the same transaction. */
    async record(actor: Actor, visitId: string, input: InspectionInput & { photos: string[] }) {
      authorize(actor, 'repair_order.write');
      const dealerId = requireDealer(actor);
      const now = clock.now();
      const foreign = input.photos.find((key) => !key.startsWith(`${dealerId}/`));
      if (foreign) throw AppError.field('validation_failed', 'photos', 'unknown_file', 'upload the photo first');
      return inTransaction(db, async (tx) => {
        const visit = await createRepairOrdersRepository(tx).findVisit(dealerScopeOf(actor), visitId);
        if (!visit) throw notFound('visit');
        const inspections = createInspectionsRepository(tx);
        const existing = await inspections.isSigned(dealerScopeOf(actor), visitId);
        if (existing)
          throw new AppError('invalid_transition', {
            detail: 'the walk-around of this visit is signed already',
            extra: { status: 'signed' },
          });
        try {
          await deps.mileage.addMileage(
            actor,
            visit.vehicle_id,
            {
              readOn: localDate(now, actor.timeZone),
              km: input.odometerKm,
              source: 'service_visit',
              odometerReplaced: input.odometerReplaced ?? false,
            },
            tx,
          );
        } catch (error) {
          throw mileageErrorAs(error, 'odometerKm');
        }
        const { signaturePng, odometerReplaced: _replaced, ...content } = input;
        const hash = crypto
          .createHash('sha256')
          .update(JSON.stringify({ visitId, vehicle: visit.vin, ...content }))
          .digest('hex');
        const id = newId();
        await inspections.insert({
          dealer_id: dealerId,
          id,
          visit_id: visitId,
          checklist: JSON.stringify(input.checklist),
          damage: JSON.stringify(input.damage),
          tyres: JSON.stringify(input.tyres),
          fuel_level: input.fuelLevel,
          odometer_km: input.odometerKm,
          valuables: input.valuables ?? null,
          covers_applied: input.coversApplied,
          photos: JSON.stringify(input.photos),
          signature_png: signaturePng,
          signed_content_hash: hash,
          signed_at: now,
          created_by: actor.userId,
          created_at: now,
        });
        // The walk-around's odometer is the mileage-in of the visit's repair order (one opened before the walk-around gets it now).
        await inspections.setMileageInOfOpenOrder(dealerId, visitId, input.odometerKm, now);
        await recordAudit(
          tx,
          actor,
          {
            action: 'inspection.signed',
            entityType: 'visit',
            entityId: visitId,
            after: { signedContentHash: hash, odometerKm: input.odometerKm, damage: input.damage.length },
          },
          now,
        );
        const row = (await inspections.findById(dealerScopeOf(actor), id))!;
        return present(row);
      });
    },

    async get(actor: Actor, visitId: string) {
      authorize(actor, 'repair_order.read');
      const visit = await createRepairOrdersRepository(db).findVisit(scopeOf(actor), visitId);
      if (!visit) throw notFound('visit');
      const row = await createInspectionsRepository(db).findByVisit(scopeOf(actor), visitId);
      if (!row) throw notFound('walk-around');
      return present(row);
    },
  };
}
