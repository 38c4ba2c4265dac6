// The customer's own pages (no login): booking, managing a booking, the lobby welcome board.
import type {
  Availability,
  otpSentSchema,
  PublicDealer,
  publicAdditionalItemSchema,
  publicAppointmentSchema,
  publicBookedSchema,
  publicProgressSchema,
  welcomeBoardSchema,
} from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { API_PREFIX, apiRequest } from './client';

export type { PublicDealer };
export type PublicAppointment = z.infer<typeof publicAppointmentSchema>;
export type WelcomeBoard = z.infer<typeof welcomeBoardSchema>;
export type PublicBookingInput = {
  mobile: string;
  plate: string;
  code: string;
  startsAt: string;
  name?: string;
  requestedWork: { kind: 'maintenance' | 'repair'; description: string }[];
  customerWords?: string | null;
  locale: 'zh-CN' | 'en';
};

const enc = encodeURIComponent;
// No session here: a 401 must not send the customer to the staff login.
const get = <T>(path: string, query?: Record<string, string | undefined>) => apiRequest<T>(path, { query, skipAuthRedirect: true });
const post = <T>(path: string, body: unknown, idempotencyKey?: string) =>
  apiRequest<T>(path, { method: 'POST', body, idempotencyKey, skipAuthRedirect: true });

export const publicKeys = {
  dealer: (code: string) => ['public', 'dealer', code] as const,
  availability: (code: string, from: string, to: string) => ['public', 'availability', code, from, to] as const,
  appointment: (token: string) => ['public', 'appointment', token] as const,
  welcome: (code: string) => ['public', 'welcome', code] as const,
};

export const publicApi = {
  dealer: (code: string) => get<PublicDealer>(`/public/dealers/${enc(code)}`),
  availability: (code: string, from: string, to: string) => get<Availability>(`/public/dealers/${enc(code)}/availability`, { from, to }),
  requestCode: (code: string, body: { mobile: string; plate: string }) =>
    post<z.infer<typeof otpSentSchema>>(`/public/dealers/${enc(code)}/otp`, body),
  book: (code: string, body: PublicBookingInput, idempotencyKey: string) =>
    post<z.infer<typeof publicBookedSchema>>(`/public/dealers/${enc(code)}/bookings`, body, idempotencyKey),
  appointment: (token: string) => get<PublicAppointment>(`/public/appointments/${enc(token)}`),
  cancel: (token: string) => post<PublicAppointment>(`/public/appointments/${enc(token)}/cancel`, {}),
  move: (token: string, startsAt: string) => post<PublicAppointment>(`/public/appointments/${enc(token)}/move`, { startsAt }),
  calendarUrl: (token: string) => `${API_PREFIX}/public/appointments/${enc(token)}/calendar.ics`,
  welcome: (code: string) => get<WelcomeBoard>(`/public/dealers/${enc(code)}/welcome-board`),
};

export function usePublicDealer(code: string) {
  return useQuery({ queryKey: publicKeys.dealer(code), queryFn: () => publicApi.dealer(code), staleTime: 10 * 60_000 });
}

export function usePublicAvailability(code: string, from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: publicKeys.availability(code, from, to),
    queryFn: () => publicApi.availability(code, from, to),
    enabled,
    staleTime: 10_000,
  });
}

export function usePublicAppointment(token: string) {
  return useQuery({ queryKey: publicKeys.appointment(token), queryFn: () => publicApi.appointment(token) });
}

export function useWelcomeBoard(code: string) {
  return useQuery({
    queryKey: publicKeys.welcome(code),
    queryFn: () => publicApi.welcome(code),
    refetchInterval: 10_000,
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}

// The customer's approval page for additional work (SMS link) and the repair progress page.
export type PublicAdditionalItem = z.infer<typeof publicAdditionalItemSchema>;
export type PublicProgress = z.infer<typeof publicProgressSchema>;
export type PublicDecision = { outcome: 'approved' } | { outcome: 'declined'; hazardWording?: string | null; signaturePng?: string | null };

export const publicApprovalKeys = {
  approval: (token: string) => ['public', 'approval', token] as const,
  progress: (token: string) => ['public', 'progress', token] as const,
};

export const publicApprovalApi = {
  get: (token: string) => get<PublicAdditionalItem>(`/public/approvals/${enc(token)}`),
  decide: (token: string, body: PublicDecision, idempotencyKey?: string) =>
    post<PublicAdditionalItem>(`/public/approvals/${enc(token)}/decision`, body, idempotencyKey),
  progress: (token: string) => get<PublicProgress>(`/public/progress/${enc(token)}`),
};

export function usePublicApproval(token: string) {
  return useQuery({ queryKey: publicApprovalKeys.approval(token), queryFn: () => publicApprovalApi.get(token) });
}

export function usePublicProgress(token: string) {
  return useQuery({
    queryKey: publicApprovalKeys.progress(token),
    queryFn: () => publicApprovalApi.progress(token),
    refetchInterval: 30_000,
  });
}
