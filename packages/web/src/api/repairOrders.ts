// Reception to delivery (domain.md §4): visits, repair orders, additional work, settlement, workshop.
import type {
  AdditionalItem,
  AdditionalItemDecisionInput,
  AdditionalItemLinkSent,
  AdditionalItemLinkShown,
  AdditionalItemList,
  AdditionalItemRaiseInput,
  AuthoriseInput,
  AwaitingDecision,
  AwaitingDecisionList,
  BoardEntry,
  Catalogue,
  ClockEvent,
  DeclinedRecommendation,
  DeclinedRecommendationList,
  Delivered,
  DeliveryInput,
  DispatchInput,
  DispatchResult,
  DriveEntry,
  DriveStage,
  DriveToday,
  FileUpload,
  FileUploaded,
  Finding,
  FindingInput,
  Inspection,
  InspectionInput,
  Invoice,
  InvoiceCreateInput,
  LabourOperation,
  LineFinished,
  MaintenancePackage,
  MyJob,
  MyJobList,
  NextMaintenance,
  PAY_TYPES,
  PAYMENT_METHODS,
  PaymentInput,
  PaymentReversalInput,
  ProgressLink,
  QualityCheck,
  QualityCheckInput,
  RepairOrder,
  RepairOrderCreateInput,
  RepairOrderList,
  RepairOrderPatchInput,
  RO_STATUSES,
  RoLineInput,
  RoTransitionInput,
  SentToQualityCheck,
  Visit,
  VisitCancelResult,
  WalkaroundTemplate,
  WorkshopBoard,
} from '@servicebay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { API_PREFIX, api } from './client';

export type {
  AdditionalItem,
  AdditionalItemLinkSent,
  AdditionalItemLinkShown,
  AwaitingDecision,
  BoardEntry,
  Catalogue,
  ClockEvent,
  DeclinedRecommendation,
  Delivered,
  DispatchResult,
  Inspection,
  Invoice,
  LabourOperation,
  MaintenancePackage,
  MyJob,
  NextMaintenance,
  ProgressLink,
  QualityCheck,
  QualityCheckInput,
  RepairOrder,
  RoLineInput,
  Visit,
  VisitCancelResult,
  WalkaroundTemplate,
  WorkshopBoard,
};
export type RoStatus = (typeof RO_STATUSES)[number];
export type PayType = (typeof PAY_TYPES)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type { DriveEntry, DriveStage, DriveToday };
export type { InspectionInput };

export const roKeys = {
  all: ['repair-orders'] as const,
  list: (status?: RoStatus, dealerId?: string) => ['repair-orders', 'list', status ?? null, dealerId ?? null] as const,
  detail: (id: string) => ['repair-orders', 'detail', id] as const,
  additional: (id: string) => ['repair-orders', 'detail', id, 'additional-items'] as const,
  awaitingDecision: (mine: boolean) => ['repair-orders', 'awaiting-decision', mine] as const,
  visit: (id: string) => ['visits', id] as const,
  inspection: (visitId: string) => ['visits', visitId, 'inspection'] as const,
  catalogue: ['catalogue'] as const,
  invoice: (id: string) => ['invoices', id] as const,
  myJobs: ['me', 'jobs'] as const,
  board: ['workshop', 'board'] as const,
  declined: (vehicleId: string) => ['vehicles', 'detail', vehicleId, 'declined-recommendations'] as const,
  walkaroundTemplate: ['walkaround-template'] as const,
  driveToday: ['drive', 'today'] as const,
};

const enc = encodeURIComponent;

export const roApi = {
  catalogue: () => api.get<Catalogue>('/catalogue'),
  openVisit: (body: { appointmentId: string } | { vehicleId: string }, idempotencyKey?: string) =>
    api.post<Visit>('/visits', body, idempotencyKey),
  visit: (id: string) => api.get<Visit>(`/visits/${id}`),
  cancelVisit: (id: string, reason: string, idempotencyKey?: string) =>
    api.post<VisitCancelResult>(`/visits/${id}/cancel`, { reason }, idempotencyKey),
  driveToday: () => api.get<DriveToday>('/drive/today'),
  create: (body: RepairOrderCreateInput, idempotencyKey: string) => api.post<RepairOrder>('/repair-orders', body, idempotencyKey),
  list: (status?: RoStatus, limit?: number, dealerId?: string) => api.get<RepairOrderList>('/repair-orders', { status, limit, dealerId }),
  get: (id: string) => api.get<RepairOrder>(`/repair-orders/${id}`),
  update: (id: string, body: RepairOrderPatchInput) => api.patch<RepairOrder>(`/repair-orders/${id}`, body),
  authorise: (id: string, body: AuthoriseInput) => api.post<RepairOrder>(`/repair-orders/${id}/authorise`, body),
  transition: (id: string, body: RoTransitionInput) => api.post<RepairOrder>(`/repair-orders/${id}/transitions`, body),
  additionalItems: (id: string) => api.get<AdditionalItemList>(`/repair-orders/${id}/additional-items`),
  awaitingDecision: (mine: boolean) => api.get<AwaitingDecisionList>('/additional-items/awaiting-decision', { mine: String(mine) }),
  raise: (id: string, body: AdditionalItemRaiseInput, idempotencyKey: string) =>
    api.post<AdditionalItem>(`/repair-orders/${id}/additional-items`, body, idempotencyKey),
  decide: (itemId: string, body: AdditionalItemDecisionInput, idempotencyKey?: string) =>
    api.post<AdditionalItem>(`/additional-items/${itemId}/decision`, body, idempotencyKey),
  sendLink: (itemId: string, locale: 'zh-CN' | 'en') =>
    api.post<AdditionalItemLinkSent>(`/additional-items/${itemId}/send-link`, { locale }),
  /** A fresh link to show as a QR code (no SMS); replaces the previous link. */
  showLink: (itemId: string) => api.post<AdditionalItemLinkShown>(`/additional-items/${itemId}/show-link`, {}),
  dispatch: (id: string, body: DispatchInput) => api.post<DispatchResult>(`/repair-orders/${id}/dispatch`, body),
  invoice: (id: string, body: InvoiceCreateInput, idempotencyKey: string) =>
    api.post<Invoice>(`/repair-orders/${id}/invoice`, body, idempotencyKey),
  getInvoice: (id: string) => api.get<Invoice>(`/invoices/${id}`),
  pay: (invoiceId: string, body: PaymentInput, idempotencyKey: string) =>
    api.post<Invoice>(`/invoices/${invoiceId}/payments`, body, idempotencyKey),
  reversePayment: (invoiceId: string, paymentId: string, body: PaymentReversalInput, idempotencyKey: string) =>
    api.post<Invoice>(`/invoices/${invoiceId}/payments/${paymentId}/reversal`, body, idempotencyKey),
  deliver: (id: string, body: DeliveryInput) => api.post<Delivered>(`/repair-orders/${id}/deliver`, body),
  pdfUrl: (id: string, locale: string) => `${API_PREFIX}/repair-orders/${id}/pdf?locale=${enc(locale)}`,
  /** The RO with the QR code of this progress link printed on it (the link's token is its last segment). */
  pdfWithProgressUrl: (id: string, locale: string, progressUrl: string) =>
    `${API_PREFIX}/repair-orders/${id}/pdf?locale=${enc(locale === 'en' ? 'en' : 'zh-CN')}&progressToken=${enc(progressUrl.split('/').at(-1) ?? '')}`,
  invoicePdfUrl: (id: string, locale: string) => `${API_PREFIX}/invoices/${id}/pdf?locale=${enc(locale)}`,
  myJobs: () => api.get<MyJobList>('/me/jobs'),
  clockOn: (id: string, lineId?: string) => api.post<ClockEvent>(`/repair-orders/${id}/clock-on`, lineId ? { lineId } : {}),
  clockOff: (id: string) => api.post<ClockEvent>(`/repair-orders/${id}/clock-off`, {}),
  finishLine: (id: string, lineId: string) => api.post<LineFinished>(`/repair-orders/${id}/lines/${lineId}/finish`, {}),
  addFinding: (id: string, body: FindingInput) => api.post<Finding>(`/repair-orders/${id}/findings`, body),
  sendToQualityCheck: (id: string) => api.post<SentToQualityCheck>(`/repair-orders/${id}/send-to-quality-check`, {}),
  qualityCheck: (id: string, body: QualityCheckInput, idempotencyKey?: string) =>
    api.post<QualityCheck>(`/repair-orders/${id}/quality-checks`, body, idempotencyKey),
  progressLink: (id: string) => api.post<ProgressLink>(`/repair-orders/${id}/progress-link`, {}),
  /** `dealerId`: the car maker's narrowing to one dealer. */
  board: (dealerId?: string) => api.get<WorkshopBoard>('/workshop/board', { dealerId }),
  uploadFile: (body: FileUpload) => api.post<FileUploaded>('/files', body),
  fileUrl: (key: string) => `${API_PREFIX}/files/${key}`,
  inspection: (visitId: string) => api.get<Inspection>(`/visits/${visitId}/inspection`),
  recordInspection: (visitId: string, body: InspectionInput, idempotencyKey?: string) =>
    api.post<Inspection>(`/visits/${visitId}/inspection`, body, idempotencyKey),
  boardStreamUrl: `${API_PREFIX}/workshop/board/stream`,
  declinedRecommendations: (vehicleId: string) => api.get<DeclinedRecommendationList>(`/vehicles/${vehicleId}/declined-recommendations`),
  walkaroundTemplate: () => api.get<WalkaroundTemplate>('/walkaround-template'),
  updateWalkaroundTemplate: (items: string[]) => api.put<WalkaroundTemplate>('/walkaround-template', { items }),
};

// The server gives no "invoice of this order" lookup: the invoice id is remembered on this device.
const INVOICE_STORAGE = 'servicebay.roInvoice.';
export function rememberInvoice(repairOrderId: string, invoiceId: string) {
  try {
    localStorage.setItem(INVOICE_STORAGE + repairOrderId, invoiceId);
  } catch {
    // private mode
  }
}
export function rememberedInvoice(repairOrderId: string): string | null {
  try {
    return localStorage.getItem(INVOICE_STORAGE + repairOrderId);
  } catch {
    return null;
  }
}

export function useCatalogue() {
  return useQuery({ queryKey: roKeys.catalogue, queryFn: roApi.catalogue, staleTime: 10 * 60_000 });
}
export function useVisit(id: string | null) {
  return useQuery({ queryKey: roKeys.visit(id ?? ''), queryFn: () => roApi.visit(id!), enabled: !!id });
}
export function useRepairOrder(id: string) {
  return useQuery({ queryKey: roKeys.detail(id), queryFn: () => roApi.get(id) });
}
export function useRepairOrders(status?: RoStatus, enabled = true, dealerId?: string) {
  return useQuery({
    queryKey: roKeys.list(status, dealerId),
    queryFn: () => roApi.list(status, undefined, dealerId).then((r) => r.items),
    placeholderData: keepPreviousData,
    enabled,
  });
}
/** Additional work the customers have still to decide (mine, or the whole drive's). */
export function useAwaitingDecision(mine: boolean) {
  return useQuery({
    queryKey: roKeys.awaitingDecision(mine),
    queryFn: () => roApi.awaitingDecision(mine).then((r) => r.items),
    refetchInterval: 60_000,
  });
}
export function useAdditionalItems(id: string) {
  return useQuery({ queryKey: roKeys.additional(id), queryFn: () => roApi.additionalItems(id).then((r) => r.items) });
}
export function useInvoice(id: string | null) {
  return useQuery({ queryKey: roKeys.invoice(id ?? ''), queryFn: () => roApi.getInvoice(id!), enabled: !!id });
}
/** What the customer declined on earlier orders of this vehicle, to offer again at the next visit. */
export function useDeclinedRecommendations(vehicleId: string) {
  return useQuery({
    queryKey: roKeys.declined(vehicleId),
    queryFn: () => roApi.declinedRecommendations(vehicleId).then((r) => r.items),
    enabled: !!vehicleId,
  });
}
/** The dealer's walk-around checklist (the default list until the dealer sets its own). */
export function useWalkaroundTemplate(enabled = true) {
  return useQuery({ queryKey: roKeys.walkaroundTemplate, queryFn: roApi.walkaroundTemplate, staleTime: 5 * 60_000, enabled });
}
export function useMyJobs() {
  return useQuery({ queryKey: roKeys.myJobs, queryFn: () => roApi.myJobs().then((r) => r.items), refetchInterval: 30_000 });
}
/** Today on the service drive, refreshed every 30 seconds while the page is open. */
export function useDriveToday(enabled = true) {
  return useQuery({ queryKey: roKeys.driveToday, queryFn: roApi.driveToday, refetchInterval: 30_000, enabled });
}
