// The customer's satisfaction survey from the SMS link (no login).
import type { PublicSurvey, SurveyResult, surveySubmissionSchema } from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiRequest } from './client';

export type { PublicSurvey, SurveyResult };
export type SurveySubmission = z.input<typeof surveySubmissionSchema>;

const enc = encodeURIComponent;

export const publicSurveyKeys = { survey: (token: string) => ['public', 'survey', token] as const };

export const publicSurveyApi = {
  get: (token: string) => apiRequest<PublicSurvey>(`/public/surveys/${enc(token)}`, { skipAuthRedirect: true }),
  /** 409 already_answered, 410 link_expired, 400 with `answers.<questionId>` field errors. */
  submit: (token: string, body: SurveySubmission, idempotencyKey?: string) =>
    apiRequest<SurveyResult>(`/public/surveys/${enc(token)}`, { method: 'POST', body, idempotencyKey, skipAuthRedirect: true }),
};

export function usePublicSurvey(token: string) {
  return useQuery({
    queryKey: publicSurveyKeys.survey(token),
    queryFn: () => publicSurveyApi.get(token),
    retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error && (error as { status: number }).status < 500),
  });
}
