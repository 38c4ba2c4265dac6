// Warranty (domain.md §8): the car maker's policies and claim settings, what covers a vehicle, the
// clerk's eligibility checks on a repair order, and the claims from draft to the car maker's decision.
import type {
  ClaimApproveInput,
  ClaimCreateInput,
  ClaimDetail,
  ClaimKind,
  ClaimLine,
  ClaimLineInput,
  ClaimListItem,
  ClaimPatchInput,
  ClaimRejectCode,
  ClaimStatus,
  claimEventSchema,
  claimListSchema,
  claimRejectSchema,
  claimReturnSchema,
  claimSubmitSchema,
  PartsReturnStatus,
  partsReceiveSchema,
  partsShipSchema,
  RoWarranty,
  TermCoverage,
  WarrantyCheck,
  WarrantyCheckInput,
  WarrantyCoverage,
  WarrantyExclusion,
  WarrantyFinding,
  WarrantyPolicy,
  WarrantyPolicyInput,
  WarrantyTerms,
  warrantyPolicyListSchema,
  warrantySettingsPatchSchema,
  warrantySettingsSchema,
} from '@servicebay/contracts';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { ApiError, api } from './client';

export type {
  ClaimApproveInput,
  ClaimCreateInput,
  ClaimDetail,
  ClaimKind,
  ClaimLine,
  ClaimLineInput,
  ClaimListItem,
  ClaimPatchInput,
  ClaimRejectCode,
  ClaimStatus,
  PartsReturnStatus,
  RoWarranty,
  TermCoverage,
  WarrantyCheck,
  WarrantyCheckInput,
  WarrantyCoverage,
  WarrantyExclusion,
  WarrantyFinding,
  WarrantyPolicy,
  WarrantyPolicyInput,
  WarrantyTerms,
};

export type ClaimList = z.infer<typeof claimListSchema>;
export type ClaimEvent = z.infer<typeof claimEventSchema>;
export type ClaimRef = RoWarranty['claims'][number];
export type ClaimSubmitInput = z.input<typeof claimSubmitSchema>;
export type ClaimRejectInput = z.input<typeof claimRejectSchema>;
export type ClaimReturnInput = z.input<typeof claimReturnSchema>;
export type PartsShipInput = z.input<typeof partsShipSchema>;
export type PartsReceiveInput = z.input<typeof partsReceiveSchema>;
/** The kinds a clerk prepares from a repair order (a campaign's claim comes with the campaign work). */
export type PreparedClaimKind = ClaimCreateInput['kind'];
export type WarrantyPolicyList = z.infer<typeof warrantyPolicyListSchema>;
export type WarrantySettings = z.infer<typeof warrantySettingsSchema>;
export type WarrantySettingsPatch = z.input<typeof warrantySettingsPatchSchema>;

export type ClaimListQuery = {
  status?: ClaimStatus | undefined;
  dealerId?: string | undefined;
  /** Claim number, RO number or VIN (the whole or its last 6). */
  q?: string | undefined;
};

export const CLAIM_PAGE_SIZE = 50;

export const warrantyKeys = {
  all: ['warranty'] as const,
  claims: ['warranty', 'claims'] as const,
  claimList: (q: ClaimListQuery) => ['warranty', 'claims', 'list', q.status ?? null, q.dealerId ?? null, q.q ?? ''] as const,
  claim: (id: string) => ['warranty', 'claims', 'detail', id] as const,
  policies: ['warranty', 'policies'] as const,
  settings: ['warranty', 'settings'] as const,
  coverage: (vehicleId: string) => ['warranty', 'coverage', vehicleId] as const,
  repairOrder: (repairOrderId: string) => ['warranty', 'repair-order', repairOrderId] as const,
};

const claimPath = (id: string, action?: string) => (action ? `/warranty/claims/${id}/${action}` : `/warranty/claims/${id}`);

export const warrantyApi = {
  policies: () => api.get<WarrantyPolicyList>('/warranty/policies'),
  /** A new version of the policy of a model (and model year). */
  createPolicy: (input: WarrantyPolicyInput, idempotencyKey: string) =>
    api.post<WarrantyPolicy>('/warranty/policies', input, idempotencyKey),
  settings: () => api.get<WarrantySettings>('/warranty/settings'),
  updateSettings: (patch: WarrantySettingsPatch) => api.patch<WarrantySettings>('/warranty/settings', patch),
  coverage: (vehicleId: string) => api.get<WarrantyCoverage>(`/vehicles/${vehicleId}/warranty`),
  repairOrder: (repairOrderId: string) => api.get<RoWarranty>(`/repair-orders/${repairOrderId}/warranty`),
  /** Records the clerk's eligibility check; the answer says whether the repair is covered, and if not why. */
  check: (repairOrderId: string, input: WarrantyCheckInput, idempotencyKey: string) =>
    api.post<WarrantyCheck>(`/repair-orders/${repairOrderId}/warranty-checks`, input, idempotencyKey),
  claims: (q: ClaimListQuery, cursor?: string, limit = CLAIM_PAGE_SIZE) =>
    api.get<ClaimList>('/warranty/claims', { status: q.status, dealerId: q.dealerId, q: q.q, cursor, limit }),
  claim: (id: string) => api.get<ClaimDetail>(claimPath(id)),
  /** A draft prepared from the repair order's lines of that kind. */
  createClaim: (input: ClaimCreateInput, idempotencyKey: string) => api.post<ClaimDetail>('/warranty/claims', input, idempotencyKey),
  updateClaim: (id: string, patch: ClaimPatchInput) => api.patch<ClaimDetail>(claimPath(id), patch),
  submit: (id: string, body: ClaimSubmitInput, idempotencyKey: string) =>
    api.post<ClaimDetail>(claimPath(id, 'submit'), body, idempotencyKey),
  approve: (id: string, body: ClaimApproveInput, idempotencyKey: string) =>
    api.post<ClaimDetail>(claimPath(id, 'approve'), body, idempotencyKey),
  reject: (id: string, body: ClaimRejectInput, idempotencyKey: string) =>
    api.post<ClaimDetail>(claimPath(id, 'reject'), body, idempotencyKey),
  returnForInformation: (id: string, body: ClaimReturnInput, idempotencyKey: string) =>
    api.post<ClaimDetail>(claimPath(id, 'return'), body, idempotencyKey),
  /** 旧件返还: the dealer ships the parts the car maker asked back, with the waybill. */
  shipParts: (id: string, body: PartsShipInput, idempotencyKey: string) =>
    api.post<ClaimDetail>(claimPath(id, 'parts-shipped'), body, idempotencyKey),
  /** The car maker's claims centre confirms the parts arrived. */
  receiveParts: (id: string, body: PartsReceiveInput, idempotencyKey: string) =>
    api.post<ClaimDetail>(claimPath(id, 'parts-received'), body, idempotencyKey),
};

/** 409 version_conflict or invalid_transition: someone changed the claim since it was loaded. */
export function isStaleClaim(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'version_conflict' || error.code === 'invalid_transition');
}

/** 403 / 404: the user may not read this (the card is left out rather than shown as an error). */
export function isHidden(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}

export function useClaims(q: ClaimListQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: warrantyKeys.claimList(q),
    queryFn: ({ pageParam }) => warrantyApi.claims(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 120_000,
    enabled,
  });
}

export function useClaim(id: string) {
  return useQuery({ queryKey: warrantyKeys.claim(id), queryFn: () => warrantyApi.claim(id), enabled: !!id });
}

export function useWarrantyPolicies() {
  return useQuery({ queryKey: warrantyKeys.policies, queryFn: warrantyApi.policies });
}

export function useWarrantySettings(enabled = true) {
  return useQuery({ queryKey: warrantyKeys.settings, queryFn: warrantyApi.settings, enabled, staleTime: 5 * 60_000, retry: false });
}

export function useVehicleWarranty(vehicleId: string, enabled = true) {
  return useQuery({
    queryKey: warrantyKeys.coverage(vehicleId),
    queryFn: () => warrantyApi.coverage(vehicleId),
    enabled: enabled && !!vehicleId,
    retry: (count, error) => !isHidden(error) && count < 2,
  });
}

export function useRoWarranty(repairOrderId: string, enabled = true) {
  return useQuery({
    queryKey: warrantyKeys.repairOrder(repairOrderId),
    queryFn: () => warrantyApi.repairOrder(repairOrderId),
    enabled: enabled && !!repairOrderId,
    retry: (count, error) => !isHidden(error) && count < 2,
  });
}
