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
import type { LinkPath } from './publicLink';

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
  appointment: (link: LinkPath) => ['public', 'appointment', link] as const,
  welcome: (code: string) => ['public', 'welcome', code] as const,
};

export const publicApi = {
  dealer: (code: string) => get<PublicDealer>(`/public/dealers/${enc(code)}`),
  availability: (code: string, from: string, to: string) => get<Availability>(`/public/dealers/${enc(code)}/availability`, { from, to }),
  requestCode: (code: string, body: { mobile: string; plate: string }) =>
    post<z.infer<typeof otpSentSchema>>(`/public/dealers/${enc(code)}/otp`, body),
  book: (code: string, body: PublicBookingInput, idempotencyKey: string) =>
    post<z.infer<typeof publicBookedSchema>>(`/public/dealers/${enc(code)}/bookings`, body, idempotencyKey),
  appointment: (link: LinkPath) => get<PublicAppointment>(`/public/appointments/${link}`),
  cancel: (link: LinkPath) => post<PublicAppointment>(`/public/appointments/${link}/cancel`, {}),
  move: (link: LinkPath, startsAt: string) => post<PublicAppointment>(`/public/appointments/${link}/move`, { startsAt }),
  calendarUrl: (link: LinkPath) => `${API_PREFIX}/public/appointments/${link}/calendar.ics`,
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

export function usePublicAppointment(link: LinkPath) {
  return useQuery({ queryKey: publicKeys.appointment(link), queryFn: () => publicApi.appointment(link) });
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
  approval: (link: LinkPath) => ['public', 'approval', link] as const,
  progress: (link: LinkPath) => ['public', 'progress', link] as const,
};

export const publicApprovalApi = {
  get: (link: LinkPath) => get<PublicAdditionalItem>(`/public/approvals/${link}`),
  decide: (link: LinkPath, body: PublicDecision, idempotencyKey?: string) =>
    post<PublicAdditionalItem>(`/public/approvals/${link}/decision`, body, idempotencyKey),
  progress: (link: LinkPath) => get<PublicProgress>(`/public/progress/${link}`),
};

export function usePublicApproval(link: LinkPath) {
  return useQuery({ queryKey: publicApprovalKeys.approval(link), queryFn: () => publicApprovalApi.get(link) });
}

export function usePublicProgress(link: LinkPath) {
  return useQuery({
    queryKey: publicApprovalKeys.progress(link),
    queryFn: () => publicApprovalApi.progress(link),
    refetchInterval: 30_000,
  });
}
