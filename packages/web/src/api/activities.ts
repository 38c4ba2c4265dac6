// Customer activities: the list, one activity with its invitations and report, the invitation run,
// attendance; and the customer's sign-up page from the SMS link (no login).
import type {
  Activity,
  ActivityAudience,
  ActivityCancelInput,
  ActivityInput,
  ActivityInvitePreview,
  ActivityInviteResult,
  ActivityList,
  ActivityReport,
  ActivityState,
  ActivityUpdateInput,
  AttendanceMark,
  Invitation,
  InvitationList,
  PublicInvitation,
} from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api, apiRequest } from './client';
import type { LinkPath } from './publicLink';

export type { Activity, ActivityInvitePreview, ActivityInviteResult, ActivityReport, Invitation, PublicInvitation };

export type ActivityFilter = { state?: ActivityState | undefined; dealerId?: string | undefined };

export const activityKeys = {
  all: ['activities'] as const,
  list: (f: ActivityFilter) => ['activities', 'list', f.state ?? '', f.dealerId ?? ''] as const,
  one: (id: string) => ['activities', 'one', id] as const,
  invitations: (id: string) => ['activities', 'invitations', id] as const,
  report: (id: string) => ['activities', 'report', id] as const,
  public: (link: LinkPath) => ['public', 'activity', link] as const,
};

export const activitiesApi = {
  list: (f: ActivityFilter) => api.get<ActivityList>('/activities', { state: f.state, dealerId: f.dealerId, limit: 200 }),
  get: (id: string) => api.get<Activity>(`/activities/${id}`),
  create: (input: ActivityInput, idempotencyKey?: string) => api.post<Activity>('/activities', input, idempotencyKey),
  update: (id: string, input: ActivityUpdateInput) => api.put<Activity>(`/activities/${id}`, input),
  open: (id: string) => api.post<Activity>(`/activities/${id}/open`, {}),
  close: (id: string) => api.post<Activity>(`/activities/${id}/close`, {}),
  cancel: (id: string, input: ActivityCancelInput) => api.post<Activity>(`/activities/${id}/cancel`, input),
  preview: (id: string, audience: ActivityAudience) => api.post<ActivityInvitePreview>(`/activities/${id}/invitations/preview`, audience),
  invite: (id: string, audience: ActivityAudience, idempotencyKey?: string) =>
    api.post<ActivityInviteResult>(`/activities/${id}/invitations`, audience, idempotencyKey),
  invitations: (id: string) => api.get<InvitationList>(`/activities/${id}/invitations`),
  mark: (id: string, invitationId: string, mark: AttendanceMark) =>
    api.post<Invitation>(`/activities/${id}/invitations/${invitationId}/attendance`, { mark }),
  report: (id: string) => api.get<ActivityReport>(`/activities/${id}/report`),
};

export const publicActivityApi = {
  get: (link: LinkPath) => apiRequest<PublicInvitation>(`/public/activity-invitations/${link}`, { skipAuthRedirect: true }),
  signUp: (link: LinkPath) =>
    apiRequest<PublicInvitation>(`/public/activity-invitations/${link}/sign-up`, {
      method: 'POST',
      body: {},
      skipAuthRedirect: true,
    }),
  cancel: (link: LinkPath) =>
    apiRequest<PublicInvitation>(`/public/activity-invitations/${link}/cancel`, { method: 'POST', body: {}, skipAuthRedirect: true }),
};

export function useActivities(filter: ActivityFilter) {
  return useQuery({ queryKey: activityKeys.list(filter), queryFn: () => activitiesApi.list(filter) });
}

export function useActivity(id: string) {
  return useQuery({ queryKey: activityKeys.one(id), queryFn: () => activitiesApi.get(id) });
}

export function useInvitations(id: string) {
  return useQuery({ queryKey: activityKeys.invitations(id), queryFn: () => activitiesApi.invitations(id) });
}

export function useActivityReport(id: string) {
  return useQuery({ queryKey: activityKeys.report(id), queryFn: () => activitiesApi.report(id) });
}

export function usePublicInvitation(link: LinkPath) {
  return useQuery({
    queryKey: activityKeys.public(link),
    queryFn: () => publicActivityApi.get(link),
    retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error && (error as { status: number }).status < 500),
  });
}
