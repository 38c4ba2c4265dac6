// Loaner cars (代步车): the fleet, reservations, hand-over and return, utilisation.
import type {
  Loaner,
  LoanerHandoverInput,
  LoanerInput,
  LoanerList,
  LoanerReservation,
  LoanerReservationInput,
  LoanerReservationList,
  LoanerSettings,
  LoanerUpdate,
  LoanerUtilisation,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export type { Loaner, LoanerReservation, LoanerUtilisation };

export type LoanerDays = { from: string; to: string; dealerId?: string };

export const loanerKeys = {
  all: ['loaners'] as const,
  fleet: () => ['loaners', 'fleet'] as const,
  reservations: (days: LoanerDays) => ['loaners', 'reservations', days.from, days.to] as const,
  utilisation: (days: LoanerDays) => ['loaners', 'utilisation', days.from, days.to, days.dealerId ?? ''] as const,
  settings: () => ['loaners', 'settings'] as const,
};

export const loanersApi = {
  fleet: () => api.get<LoanerList>('/loaners'),
  add: (input: LoanerInput) => api.post<Loaner>('/loaners', input),
  update: (id: string, input: LoanerUpdate) => api.put<Loaner>(`/loaners/${id}`, input),
  settings: () => api.get<LoanerSettings>('/loaners/settings'),
  reservations: (days: LoanerDays) => api.get<LoanerReservationList>('/loaner-reservations', { from: days.from, to: days.to }),
  reserve: (input: LoanerReservationInput, idempotencyKey?: string) =>
    api.post<LoanerReservation>('/loaner-reservations', input, idempotencyKey),
  handOver: (id: string, input: LoanerHandoverInput, idempotencyKey?: string) =>
    api.post<LoanerReservation>(`/loaner-reservations/${id}/handover`, input, idempotencyKey),
  takeBack: (id: string, input: LoanerHandoverInput, idempotencyKey?: string) =>
    api.post<LoanerReservation>(`/loaner-reservations/${id}/return`, input, idempotencyKey),
  cancel: (id: string, reason: string) => api.post<LoanerReservation>(`/loaner-reservations/${id}/cancel`, { reason }),
  utilisation: (days: LoanerDays) =>
    api.get<LoanerUtilisation>('/loaners/utilisation', { from: days.from, to: days.to, dealerId: days.dealerId }),
};

export function useLoanerFleet(enabled = true) {
  return useQuery({ queryKey: loanerKeys.fleet(), queryFn: loanersApi.fleet, enabled });
}

export function useLoanerReservations(days: LoanerDays, enabled = true) {
  return useQuery({
    queryKey: loanerKeys.reservations(days),
    queryFn: () => loanersApi.reservations(days),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useLoanerUtilisation(days: LoanerDays, enabled = true) {
  return useQuery({
    queryKey: loanerKeys.utilisation(days),
    queryFn: () => loanersApi.utilisation(days),
    placeholderData: keepPreviousData,
    enabled,
  });
}
