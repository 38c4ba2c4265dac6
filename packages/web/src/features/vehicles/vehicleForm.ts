import type { Vehicle, VehicleInput } from '@servicebay/contracts';
import { normalizeVin, plateKey } from '@servicebay/contracts/constants';
import type { Dayjs } from 'dayjs';
import { fromIsoDate, toIsoDate } from '../../components/form/dates';

export type VehicleFormValues = {
  vin: string;
  plate: string;
  modelId: string | null;
  modelYear: number | null;
  color: string;
  fuelType: NonNullable<VehicleInput['fuelType']>;
  useType: NonNullable<VehicleInput['useType']>;
  deliveredOn: Dayjs | null;
  ownerId: string | null;
  userId: string | null;
  insuranceExpiresOn: Dayjs | null;
  inspectionDueOn: Dayjs | null;
};

export function emptyVehicleValues(ownerId: string | null): VehicleFormValues {
  return {
    vin: '',
    plate: '',
    modelId: null,
    modelYear: null,
    color: '',
    fuelType: 'petrol',
    useType: 'private',
    deliveredOn: null,
    ownerId,
    userId: null,
    insuranceExpiresOn: null,
    inspectionDueOn: null,
  };
}

export function vehicleToValues(v: Vehicle): VehicleFormValues {
  return {
    vin: v.vin,
    plate: v.plate,
    modelId: v.modelId,
    modelYear: v.modelYear,
    color: v.color ?? '',
    fuelType: v.fuelType,
    useType: v.useType,
    deliveredOn: fromIsoDate(v.deliveredOn),
    ownerId: v.owner?.id ?? null,
    userId: v.user?.id ?? null,
    insuranceExpiresOn: fromIsoDate(v.insuranceExpiresOn),
    inspectionDueOn: fromIsoDate(v.inspectionDueOn),
  };
}

/** What the API receives, normalised the way the API normalises it. */
export function valuesToInput(v: VehicleFormValues): VehicleInput {
  const color = (v.color ?? '').trim();
  const ownerId = v.ownerId ?? '';
  return {
    vin: normalizeVin(v.vin ?? ''),
    plate: plateKey(v.plate ?? ''),
    modelId: v.modelId ?? null,
    modelYear: v.modelYear ?? null,
    color: color === '' ? null : color,
    fuelType: v.fuelType,
    useType: v.useType,
    deliveredOn: toIsoDate(v.deliveredOn),
    ownerId,
    // The owner who drives the car himself is not also its "user".
    userId: v.userId && v.userId !== ownerId ? v.userId : null,
    insuranceExpiresOn: toIsoDate(v.insuranceExpiresOn),
    inspectionDueOn: toIsoDate(v.inspectionDueOn),
  };
}

/** Only the fields that differ from the record, for a PATCH. */
export function changedVehicleFields(before: Vehicle, values: VehicleFormValues): Partial<VehicleInput> {
  const original = valuesToInput(vehicleToValues(before));
  const next = valuesToInput(values);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof VehicleInput)[]) {
    if (JSON.stringify(next[key] ?? null) !== JSON.stringify(original[key] ?? null)) changes[key] = next[key];
  }
  return changes as Partial<VehicleInput>;
}

/**
 * The PATCH body: the version, the changed fields, and always fuelType and useType. Those have
 * defaults in vehicleInputSchema, and vehiclePatchSchema (its .partial()) still applies them to
 * absent keys, so leaving them out would reset them on the server.
 */
export function vehiclePatchBody(before: Vehicle, values: VehicleFormValues) {
  const next = valuesToInput(values);
  return { version: before.version, fuelType: next.fuelType, useType: next.useType, ...changedVehicleFields(before, values) };
}
