import type {
  Appointment,
  AppointmentBooked,
  AppointmentHistoryEntry,
  AppointmentInput,
  AppointmentStatusDto,
  Availability,
  appointmentKpiRowSchema,
  arrivalFlowSchema,
  BookingSettingsDto,
  baySchema,
  confirmationAttemptSchema,
  MessageLogItem,
  MessageLogQuery,
  Page,
  PrepickRow,
  partSchema,
  prepickItemSchema,
  RosterDay,
  ServiceAdvisor,
  SlotDto,
  Task,
  TaskCompleted,
  WorkshopReservation,
  walkInArrivalSchema,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { ApiError, api } from './client';

export type { Appointment, Availability, BookingSettingsDto, PrepickRow, RosterDay, SlotDto, Task, WorkshopReservation };
export type Bay = z.infer<typeof baySchema>;
export type Part = z.infer<typeof partSchema>;
export type PrepickItem = z.infer<typeof prepickItemSchema>;
export type ConfirmationAttempt = z.input<typeof confirmationAttemptSchema>;
export type AppointmentKpiRow = z.infer<typeof appointmentKpiRowSchema>;
export type ArrivalFlow = z.infer<typeof arrivalFlowSchema>;

export type HistoryEntry = AppointmentHistoryEntry;
export type OutboxMessage = MessageLogItem;
/** The message log's filters (the page's cursor and size are added by the list). */
export type MessageLogFilter = Omit<Partial<MessageLogQuery>, 'cursor' | 'limit'>;
export type KpiGroupBy = 'day' | 'month' | 'sa';

/** `dealerId`: the car maker's narrowing to one dealer (a dealer's staff read their own anyway). */
export type AppointmentListQuery = { from: string; to: string; saId?: string; status?: AppointmentStatusDto; dealerId?: string };

export const appointmentKeys = {
  all: ['appointments'] as const,
  list: (q: AppointmentListQuery) => ['appointments', 'list', q] as const,
  detail: (id: string) => ['appointments', 'detail', id] as const,
  history: (id: string) => ['appointments', 'detail', id, 'history'] as const,
  callList: (date: string) => ['appointments', 'call-list', date] as const,
  availability: (from: string, to: string, wanted?: string) => ['availability', from, to, wanted ?? null] as const,
  settings: ['appointment-settings'] as const,
  roster: (date: string) => ['roster', date] as const,
  bays: ['bays'] as const,
  parts: (q: string) => ['parts', q] as const,
  advisors: ['service-advisors'] as const,
  prepick: (date: string) => ['prepick', date] as const,
  reservations: (date: string, dealerId?: string) => ['workshop-reservations', date, dealerId ?? null] as const,
  tasks: (scope: 'mine' | 'all') => ['tasks', scope] as const,
  kpis: (from: string, to: string, groupBy: KpiGroupBy) => ['kpis', 'appointments', from, to, groupBy] as const,
  arrivalFlow: ['kpis', 'arrival-flow'] as const,
  messages: ['messages'] as const,
  messageLog: (filter: MessageLogFilter) => ['messages', filter] as const,
};

export const appointmentsApi = {
  settings: () => api.get<BookingSettingsDto>('/appointment-settings'),
  updateSettings: (patch: Partial<BookingSettingsDto>) => api.patch<BookingSettingsDto>('/appointment-settings', patch),
  roster: (date: string) => api.get<RosterDay>('/roster', { date }),
  updateRoster: (date: string, offUserIds: string[]) => api.put<RosterDay>(`/roster/${date}`, { offUserIds }),
  bays: () => api.get<{ items: Bay[] }>('/bays'),
  addBay: (input: { name: string; kind: string }, idempotencyKey: string) => api.post<Bay>('/bays', input, idempotencyKey),
  parts: (q: string, signal?: AbortSignal) => api.get<{ items: Part[] }>('/parts', { q }, signal),
  advisors: () => api.get<{ items: ServiceAdvisor[] }>('/service-advisors'),
  availability: (from: string, to: string, wanted?: string) => api.get<Availability>('/availability', { from, to, wanted }),
  book: (input: AppointmentInput, idempotencyKey: string) => api.post<AppointmentBooked>('/appointments', input, idempotencyKey),
  list: (q: AppointmentListQuery) => api.get<{ items: Appointment[] }>('/appointments', q),
  get: (id: string) => api.get<Appointment>(`/appointments/${id}`),
  history: (id: string) => api.get<{ items: AppointmentHistoryEntry[] }>(`/appointments/${id}/history`),
  reschedule: (id: string, body: { version: number; startsAt: string }) => api.post<Appointment>(`/appointments/${id}/reschedule`, body),
  cancel: (id: string, body: { version: number; reason: string }) => api.post<Appointment>(`/appointments/${id}/cancel`, body),
  assign: (id: string, body: { version: number; saId: string }) => api.post<Appointment>(`/appointments/${id}/assign`, body),
  confirm: (id: string, body: ConfirmationAttempt) => api.post<Appointment>(`/appointments/${id}/confirmations`, body),
  checkIn: (id: string) => api.post<Appointment>(`/appointments/${id}/check-in`, {}),
  walkIn: (vehicleId: string, idempotencyKey: string) =>
    api.post<z.infer<typeof walkInArrivalSchema>>('/arrivals/walk-in', { vehicleId }, idempotencyKey),
  callList: (date: string) => api.get<{ items: Appointment[] }>('/appointments/call-list', { date }),
  prepick: (date: string) => api.get<{ items: PrepickRow[] }>('/prepick', { date }),
  updatePrepick: (id: string, status: 'picked' | 'shortage') => api.post<PrepickItem>(`/prepick/${id}`, { status }),
  reservations: (date: string, dealerId?: string) =>
    api.get<{ items: WorkshopReservation[] }>('/workshop/reservations', { date, dealerId }),
  tasks: (scope: 'mine' | 'all') => api.get<{ items: Task[] }>('/tasks', { scope }),
  completeTask: (id: string, result: string) => api.post<TaskCompleted>(`/tasks/${id}/complete`, { result }),
  kpis: (from: string, to: string, groupBy: KpiGroupBy) =>
    api.get<{ items: AppointmentKpiRow[] }>('/kpis/appointments', { from, to, groupBy }),
  arrivalFlow: () => api.get<ArrivalFlow>('/kpis/arrival-flow'),
  messages: (filter: MessageLogFilter, cursor?: string, limit = 50) =>
    api.get<Page<OutboxMessage>>('/messages', { ...filter, ...(cursor ? { cursor } : {}), limit }),
};

/** A 409 "slot_full" carries the nearest free slots to offer instead. */
export function slotFullAlternatives(error: unknown): SlotDto[] | null {
  if (!(error instanceof ApiError) || error.code !== 'slot_full') return null;
  const alternatives = error.body.alternatives;
  return Array.isArray(alternatives) ? (alternatives as SlotDto[]) : [];
}

/** A 409 "appointment_same_day" names the car's other appointment that day (no id on the customer's page). */
export type SameDayAppointment = { id?: string; number: string; startsAt: string };
export function sameDayAppointment(error: unknown): SameDayAppointment | null {
  if (!(error instanceof ApiError) || error.code !== 'appointment_same_day') return null;
  const existing = error.body.existing as SameDayAppointment | undefined;
  return existing && typeof existing.startsAt === 'string' ? existing : null;
}

export function isVersionConflict(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'version_conflict';
}

export function useAppointments(q: AppointmentListQuery, enabled = true) {
  return useQuery({
    queryKey: appointmentKeys.list(q),
    queryFn: () => appointmentsApi.list(q).then((r) => r.items),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAppointment(id: string | null) {
  return useQuery({ queryKey: appointmentKeys.detail(id ?? ''), queryFn: () => appointmentsApi.get(id!), enabled: !!id });
}

export function useAppointmentHistory(id: string | null) {
  return useQuery({
    queryKey: appointmentKeys.history(id ?? ''),
    queryFn: () => appointmentsApi.history(id!).then((r) => r.items),
    enabled: !!id,
  });
}

export function useAvailability(from: string, to: string, wanted?: string, enabled = true) {
  return useQuery({
    queryKey: appointmentKeys.availability(from, to, wanted),
    queryFn: () => appointmentsApi.availability(from, to, wanted),
    enabled,
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}

export function useBookingSettings(enabled = true) {
  return useQuery({ queryKey: appointmentKeys.settings, queryFn: appointmentsApi.settings, enabled, staleTime: 5 * 60_000 });
}

export function useServiceAdvisors() {
  return useQuery({
    queryKey: appointmentKeys.advisors,
    queryFn: () => appointmentsApi.advisors().then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useParts(q: string) {
  return useQuery({
    queryKey: appointmentKeys.parts(q),
    queryFn: ({ signal }) => appointmentsApi.parts(q, signal).then((r) => r.items),
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}
