// Warranty (domain.md §8): the car maker's policies and claim settings, what covers a vehicle, the
// clerk's eligibility checks on a repair order, and the claims from draft to the car maker's decision;
// recalls and service campaigns, the claims analysis, the monthly settlement and the 三包 watch.
import type {
  Campaign,
  CampaignDetail,
  CampaignInput,
  CampaignKind,
  CampaignRule,
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
  campaignListSchema,
  claimEventSchema,
  claimListSchema,
  claimRejectSchema,
  claimReturnSchema,
  claimSubmitSchema,
  PartsReturnStatus,
  partsReceiveSchema,
  partsShipSchema,
  RoWarranty,
  SanbaoDecision,
  SanbaoFlag,
  SanbaoSettings,
  SanbaoStanding,
  SanbaoThreshold,
  sanbaoDecisionInputSchema,
  sanbaoWatchSchema,
  TermCoverage,
  VehicleCampaigns,
  WarrantyAnalysis,
  WarrantyCheck,
  WarrantyCheckInput,
  WarrantyCoverage,
  WarrantyExclusion,
  WarrantyFinding,
  WarrantyPolicy,
  WarrantyPolicyInput,
  WarrantySettlement,
  WarrantyTerms,
  warrantyPolicyListSchema,
  warrantySettingsPatchSchema,
  warrantySettingsSchema,
} from '@servicebay/contracts';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { API_PREFIX, ApiError, api } from './client';

export type {
  Campaign,
  CampaignDetail,
  CampaignInput,
  CampaignKind,
  CampaignRule,
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
  SanbaoDecision,
  SanbaoFlag,
  SanbaoSettings,
  SanbaoStanding,
  SanbaoThreshold,
  TermCoverage,
  VehicleCampaigns,
  WarrantyAnalysis,
  WarrantyCheck,
  WarrantyCheckInput,
  WarrantyCoverage,
  WarrantyExclusion,
  WarrantyFinding,
  WarrantyPolicy,
  WarrantyPolicyInput,
  WarrantySettlement,
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
export type CampaignList = z.infer<typeof campaignListSchema>;
export type VehicleCampaign = VehicleCampaigns['items'][number];
export type RoCampaign = RoWarranty['campaigns'][number];
export type SanbaoWatch = z.infer<typeof sanbaoWatchSchema>;
export type SanbaoWatchItem = SanbaoWatch['items'][number];
export type SanbaoCase = NonNullable<SanbaoStanding['case']>;
export type SanbaoDecisionInput = z.input<typeof sanbaoDecisionInputSchema>;

export type WarrantyAnalysisQuery = { from: string; to: string; dealerId?: string | undefined; region?: string | undefined };

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
  campaigns: ['warranty', 'campaigns'] as const,
  campaignList: (dealerId: string | undefined) => ['warranty', 'campaigns', 'list', dealerId ?? null] as const,
  campaign: (id: string) => ['warranty', 'campaigns', 'detail', id] as const,
  vehicleCampaigns: (vehicleId: string) => ['warranty', 'vehicle-campaigns', vehicleId] as const,
  analysis: (q: WarrantyAnalysisQuery) => ['warranty', 'analysis', q.from, q.to, q.dealerId ?? null, q.region ?? null] as const,
  settlement: (month: string, dealerId: string | undefined) => ['warranty', 'settlements', month, dealerId ?? null] as const,
  sanbao: (vehicleId: string) => ['warranty', 'sanbao', 'vehicle', vehicleId] as const,
  sanbaoWatch: (dealerId: string | undefined) => ['warranty', 'sanbao', 'watch', dealerId ?? null] as const,
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

  /** Recalls and service campaigns with their completion (a dealer: the campaigns naming its cars, its figures). */
  campaigns: (dealerId?: string) => api.get<CampaignList>('/warranty/campaigns', { dealerId }),
  /** Launches a campaign on a list of VINs (every bad row named, nothing created) or a rule (car maker only). */
  createCampaign: (input: CampaignInput, idempotencyKey: string) => api.post<Campaign>('/warranty/campaigns', input, idempotencyKey),
  campaign: (id: string) => api.get<CampaignDetail>(`/warranty/campaigns/${id}`),
  vehicleCampaigns: (vehicleId: string) => api.get<VehicleCampaigns>(`/vehicles/${vehicleId}/campaigns`),
  /** The campaign's work on a finished order: completes it for the car and raises its (submitted) claim. */
  recordCampaignWork: (repairOrderId: string, campaignId: string, idempotencyKey: string) =>
    api.post<ClaimDetail>(`/repair-orders/${repairOrderId}/campaign-work`, { campaignId }, idempotencyKey),

  analysis: (q: WarrantyAnalysisQuery) =>
    api.get<WarrantyAnalysis>('/warranty/analysis', { from: q.from, to: q.to, dealerId: q.dealerId, region: q.region }),
  settlement: (month: string, dealerId?: string) => api.get<WarrantySettlement>('/warranty/settlements', { month, dealerId }),

  /** 三包: the car's counts in the period against the thresholds, and its case. */
  sanbao: (vehicleId: string) => api.get<SanbaoStanding>(`/vehicles/${vehicleId}/sanbao`),
  decideSanbao: (vehicleId: string, input: SanbaoDecisionInput, idempotencyKey: string) =>
    api.post<SanbaoStanding>(`/vehicles/${vehicleId}/sanbao/decision`, input, idempotencyKey),
  sanbaoWatch: (dealerId?: string) => api.get<SanbaoWatch>('/warranty/sanbao', { dealerId }),
};

/** The Excel workbook of a month's settlement (a plain GET: the session cookie authorises it). */
export function settlementExportUrl(month: string, dealerId: string | undefined, locale: string): string {
  const params = new URLSearchParams({ month });
  if (dealerId) params.set('dealerId', dealerId);
  params.set('locale', locale === 'en' ? 'en' : 'zh-CN');
  return `${API_PREFIX}/warranty/settlements.xlsx?${params.toString()}`;
}

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

export function useCampaigns(dealerId: string | undefined) {
  return useQuery({
    queryKey: warrantyKeys.campaignList(dealerId),
    queryFn: () => warrantyApi.campaigns(dealerId),
    placeholderData: keepPreviousData,
  });
}

export function useCampaign(id: string) {
  return useQuery({ queryKey: warrantyKeys.campaign(id), queryFn: () => warrantyApi.campaign(id), enabled: !!id });
}

export function useVehicleCampaigns(vehicleId: string, enabled = true) {
  return useQuery({
    queryKey: warrantyKeys.vehicleCampaigns(vehicleId),
    queryFn: () => warrantyApi.vehicleCampaigns(vehicleId),
    enabled: enabled && !!vehicleId,
    staleTime: 60_000,
    retry: (count, error) => !isHidden(error) && count < 2,
  });
}

export function useWarrantyAnalysis(q: WarrantyAnalysisQuery) {
  return useQuery({ queryKey: warrantyKeys.analysis(q), queryFn: () => warrantyApi.analysis(q), placeholderData: keepPreviousData });
}

export function useWarrantySettlement(month: string, dealerId: string | undefined) {
  return useQuery({
    queryKey: warrantyKeys.settlement(month, dealerId),
    queryFn: () => warrantyApi.settlement(month, dealerId),
    placeholderData: keepPreviousData,
  });
}

export function useSanbao(vehicleId: string, enabled = true) {
  return useQuery({
    queryKey: warrantyKeys.sanbao(vehicleId),
    queryFn: () => warrantyApi.sanbao(vehicleId),
    enabled: enabled && !!vehicleId,
    retry: (count, error) => !isHidden(error) && count < 2,
  });
}

export function useSanbaoWatch(dealerId: string | undefined) {
  return useQuery({
    queryKey: warrantyKeys.sanbaoWatch(dealerId),
    queryFn: () => warrantyApi.sanbaoWatch(dealerId),
    placeholderData: keepPreviousData,
    refetchInterval: 300_000,
  });
}
