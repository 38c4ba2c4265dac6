import type { MileageInput, MileageReading, MileageReadingList, Vehicle, VehicleInput, VehicleModelList } from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { MileageReading };

export type VehiclePatch = Partial<VehicleInput> & { version: number };

export const vehicleKeys = {
  all: ['vehicles'] as const,
  detail: (id: string) => ['vehicles', 'detail', id] as const,
  mileage: (id: string) => ['vehicles', 'detail', id, 'mileage'] as const,
  models: () => ['vehicle-models'] as const,
};

export const vehiclesApi = {
  get: (id: string) => api.get<Vehicle>(`/vehicles/${id}`),
  create: (input: VehicleInput, idempotencyKey: string) => api.post<Vehicle>('/vehicles', input, idempotencyKey),
  update: (id: string, patch: VehiclePatch) => api.patch<Vehicle>(`/vehicles/${id}`, patch),
  lookup: (identity: { vin: string } | { plate: string }, idempotencyKey?: string) =>
    api.post<Vehicle>('/vehicles/lookup', identity, idempotencyKey),
  mileage: (id: string) => api.get<MileageReadingList>(`/vehicles/${id}/mileage`),
  addMileage: (id: string, input: MileageInput, idempotencyKey: string) =>
    api.post<MileageReading>(`/vehicles/${id}/mileage`, input, idempotencyKey),
  models: () => api.get<VehicleModelList>('/vehicle-models'),
};

export function useVehicle(id: string) {
  return useQuery({ queryKey: vehicleKeys.detail(id), queryFn: () => vehiclesApi.get(id) });
}

export function useMileage(id: string, enabled = true) {
  return useQuery({ queryKey: vehicleKeys.mileage(id), queryFn: () => vehiclesApi.mileage(id).then((r) => r.items), enabled });
}

export function useVehicleModels() {
  return useQuery({ queryKey: vehicleKeys.models(), queryFn: () => vehiclesApi.models().then((r) => r.items), staleTime: 10 * 60_000 });
}
