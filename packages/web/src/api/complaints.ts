// Complaints (domain.md §6): the inbox, intake, the case with its actions, service recovery, the
// dealer's complaint settings and the complaint analysis.
import type {
  acceptanceInputSchema,
  assignDealerInputSchema,
  assignHandlerInputSchema,
  COMPLAINT_CATEGORIES,
  COMPLAINT_VIEWS,
  Complaint,
  ComplaintAnalysis,
  ComplaintBooked,
  ComplaintDetail,
  ComplaintEvent,
  ComplaintInput,
  ComplaintList,
  ComplaintPatch,
  ComplaintSettings,
  ComplaintStaff,
  ComplaintStaffList,
  closeInputSchema,
  communicationInputSchema,
  complaintBookingSchema,
  complaintSettingsPatchSchema,
  deadlineInputSchema,
  handoverInputSchema,
  NetworkComplaintInput,
  Recovery,
  RecoveryCatalogueItem,
  recoveryDecisionSchema,
  recoveryInputSchema,
  reopenInputSchema,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { ApiError, api } from './client';

export type {
  Complaint,
  ComplaintAnalysis,
  ComplaintDetail,
  ComplaintEvent,
  ComplaintInput,
  ComplaintList,
  ComplaintPatch,
  ComplaintSettings,
  ComplaintStaff,
  NetworkComplaintInput,
  Recovery,
  RecoveryCatalogueItem,
};

export type ComplaintView = (typeof COMPLAINT_VIEWS)[number];
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type ComplaintListQuery = {
  view: ComplaintView;
  q?: string | undefined;
  category?: ComplaintCategory | undefined;
  dealerId?: string | undefined;
  /** The car maker's region filter. */
  region?: string | undefined;
  /** The analysis opens the cases behind a figure: received in the period, by advisor, model, customer, preventable. */
  from?: string | undefined;
  to?: string | undefined;
  saId?: string | undefined;
  modelId?: string | undefined;
  customerId?: string | undefined;
  preventable?: boolean | undefined;
};

export type CommunicationInput = z.input<typeof communicationInputSchema>;
export type HandoverInput = z.input<typeof handoverInputSchema>;
export type AssignHandlerInput = z.input<typeof assignHandlerInputSchema>;
export type RecoveryInput = z.input<typeof recoveryInputSchema>;
export type RecoveryDecision = z.input<typeof recoveryDecisionSchema>;
export type AcceptanceInput = z.input<typeof acceptanceInputSchema>;
export type ComplaintBookingInput = z.input<typeof complaintBookingSchema>;
export type CloseInput = z.input<typeof closeInputSchema>;
export type ReopenInput = z.input<typeof reopenInputSchema>;
export type AssignDealerInput = z.input<typeof assignDealerInputSchema>;
export type DeadlineInput = z.input<typeof deadlineInputSchema>;
export type ComplaintSettingsPatch = z.input<typeof complaintSettingsPatchSchema>;

export const COMPLAINT_LIST_LIMIT = 200;

export const complaintKeys = {
  all: ['complaints'] as const,
  lists: ['complaints', 'list'] as const,
  list: (q: ComplaintListQuery) => ['complaints', 'list', q.view, q.q ?? '', q.category ?? null, q.dealerId ?? null, q] as const,
  detail: (id: string) => ['complaints', 'detail', id] as const,
  staff: (dealerId: string | null) => ['complaints', 'staff', dealerId] as const,
  settings: ['complaint-settings'] as const,
  analysis: (from: string, to: string, dealerId: string | null) => ['kpis', 'complaints', from, to, dealerId] as const,
};

const path = (id: string, action: string) => `/complaints/${id}/${action}`;

export const complaintsApi = {
  list: (q: ComplaintListQuery, limit = COMPLAINT_LIST_LIMIT) =>
    api.get<ComplaintList>('/complaints', {
      view: q.view,
      q: q.q,
      category: q.category,
      dealerId: q.dealerId,
      region: q.region,
      from: q.from,
      to: q.to,
      saId: q.saId,
      modelId: q.modelId,
      customerId: q.customerId,
      preventable: q.preventable === undefined ? undefined : String(q.preventable),
      limit,
    }),
  get: (id: string) => api.get<ComplaintDetail>(`/complaints/${id}`),
  /** Dealer staff: the registering user becomes the first responder. */
  create: (input: ComplaintInput, idempotencyKey: string) => api.post<ComplaintDetail>('/complaints', input, idempotencyKey),
  /** The car maker's complaint desk registers for a dealer. */
  createForDealer: (input: NetworkComplaintInput, idempotencyKey: string) =>
    api.post<ComplaintDetail>('/network/complaints', input, idempotencyKey),
  update: (id: string, patch: ComplaintPatch) => api.patch<ComplaintDetail>(`/complaints/${id}`, patch),
  acknowledge: (id: string, body: { version: number }, idempotencyKey?: string) =>
    api.post<ComplaintDetail>(path(id, 'acknowledge'), body, idempotencyKey),
  communicate: (id: string, body: CommunicationInput, idempotencyKey?: string) =>
    api.post<ComplaintDetail>(path(id, 'communications'), body, idempotencyKey),
  handover: (id: string, body: HandoverInput, idempotencyKey?: string) =>
    api.post<ComplaintDetail>(path(id, 'handover'), body, idempotencyKey),
  assignHandler: (id: string, body: AssignHandlerInput, idempotencyKey?: string) =>
    api.post<ComplaintDetail>(path(id, 'handler'), body, idempotencyKey),
  addRecovery: (id: string, body: RecoveryInput, idempotencyKey?: string) =>
    api.post<ComplaintDetail>(path(id, 'recoveries'), body, idempotencyKey),
  decideRecovery: (id: string, recoveryId: string, body: RecoveryDecision, idempotencyKey?: string) =>
    api.post<ComplaintDetail>(`/complaints/${id}/recoveries/${recoveryId}/decision`, body, idempotencyKey),
  accept: (id: string, body: AcceptanceInput, idempotencyKey?: string) =>
    api.post<ComplaintDetail>(path(id, 'acceptance'), body, idempotencyKey),
  book: (id: string, body: ComplaintBookingInput, idempotencyKey?: string) =>
    api.post<ComplaintBooked>(path(id, 'appointment'), body, idempotencyKey),
  close: (id: string, body: CloseInput, idempotencyKey?: string) => api.post<ComplaintDetail>(path(id, 'close'), body, idempotencyKey),
  reopen: (id: string, body: ReopenInput, idempotencyKey?: string) => api.post<ComplaintDetail>(path(id, 'reopen'), body, idempotencyKey),
  assignDealer: (id: string, body: AssignDealerInput, idempotencyKey?: string) =>
    api.post<ComplaintDetail>(path(id, 'dealer'), body, idempotencyKey),
  setDeadline: (id: string, body: DeadlineInput, idempotencyKey?: string) =>
    api.post<ComplaintDetail>(path(id, 'deadline'), body, idempotencyKey),
  staff: (dealerId: string | null) => api.get<ComplaintStaffList>('/complaints/staff', { dealerId }),
  settings: () => api.get<ComplaintSettings>('/complaint-settings'),
  updateSettings: (patch: ComplaintSettingsPatch) => api.put<ComplaintSettings>('/complaint-settings', patch),
  analysis: (from: string, to: string, dealerId: string | null) => api.get<ComplaintAnalysis>('/kpis/complaints', { from, to, dealerId }),
};

/** 409 invalid_transition: the case is no longer in a state that allows this action. */
export function isInvalidTransition(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'invalid_transition';
}

export function useComplaints(q: ComplaintListQuery, enabled = true) {
  return useQuery({
    queryKey: complaintKeys.list(q),
    queryFn: () => complaintsApi.list(q),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    enabled,
  });
}

export function useComplaint(id: string) {
  // The countdown and the escalation level move with time: refresh while the page is open.
  return useQuery({ queryKey: complaintKeys.detail(id), queryFn: () => complaintsApi.get(id), enabled: !!id, refetchInterval: 60_000 });
}

export function useComplaintStaff(dealerId: string | null, enabled = true) {
  return useQuery({
    queryKey: complaintKeys.staff(dealerId),
    queryFn: () => complaintsApi.staff(dealerId).then((r) => r.items),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useComplaintSettings(enabled = true) {
  return useQuery({ queryKey: complaintKeys.settings, queryFn: complaintsApi.settings, enabled, staleTime: 5 * 60_000, retry: false });
}

export function useComplaintAnalysis(from: string, to: string, dealerId: string | null) {
  return useQuery({
    queryKey: complaintKeys.analysis(from, to, dealerId),
    queryFn: () => complaintsApi.analysis(from, to, dealerId),
    placeholderData: keepPreviousData,
  });
}
