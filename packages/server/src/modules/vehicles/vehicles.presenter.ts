import { formatPlate, plateKind, type Vehicle } from '@servicebay/contracts';
import type { Selectable } from 'kysely';
import type { MileageReadingsTable } from '../../platform/db.schema.js';
import { type ContactView, viewMobile } from '../customers/customers.presenter.js';
import type { VehicleDetailsRow } from './vehicles.repository.js';

export function presentVehicle(row: VehicleDetailsRow, view: ContactView): Vehicle {
  return {
    id: row.id,
    vin: row.vin,
    plate: formatPlate(row.plate_key),
    plateKind: plateKind(row.plate_key) ?? 'regular',
    modelId: row.model_id,
    modelName: row.model_name,
    modelYear: row.model_year,
    color: row.color,
    fuelType: row.fuel_type as Vehicle['fuelType'],
    useType: row.use_type as Vehicle['useType'],
    deliveredOn: row.delivered_on,
    insuranceExpiresOn: row.insurance_expires_on,
    inspectionDueOn: row.inspection_due_on,
    owner: row.owner_name ? { id: row.owner_id, name: row.owner_name, mobile: viewMobile(row.owner_mobile!, view) } : null,
    user: row.user_id && row.user_name ? { id: row.user_id, name: row.user_name, mobile: viewMobile(row.user_mobile!, view) } : null,
    lastKm: row.last_km ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentMileage(row: Selectable<MileageReadingsTable>, dealerId: string | null) {
  return {
    id: row.id,
    readOn: row.read_on,
    km: row.km,
    source: row.source as 'service_visit' | 'call' | 'customer' | 'delivery' | 'import',
    odometerReplaced: row.odometer_replaced,
    recordedHere: dealerId === null || row.dealer_id === dealerId,
  };
}
