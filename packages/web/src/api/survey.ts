// The customer's satisfaction survey from the SMS link (no login).
import type { PublicSurvey, SurveyResult, surveySubmissionSchema } from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiRequest } from './client';
import type { LinkPath } from './publicLink';

export type { PublicSurvey, SurveyResult };
export type SurveySubmission = z.input<typeof surveySubmissionSchema>;

export const publicSurveyKeys = { survey: (link: LinkPath) => ['public', 'survey', link] as const };

export const publicSurveyApi = {
  get: (link: LinkPath) => apiRequest<PublicSurvey>(`/public/surveys/${link}`, { skipAuthRedirect: true }),
  /** 409 already_answered, 410 link_expired, 400 with `answers.<questionId>` field errors. */
  submit: (link: LinkPath, body: SurveySubmission, idempotencyKey?: string) =>
    apiRequest<SurveyResult>(`/public/surveys/${link}`, { method: 'POST', body, idempotencyKey, skipAuthRedirect: true }),
};

export function usePublicSurvey(link: LinkPath) {
  return useQuery({
    queryKey: publicSurveyKeys.survey(link),
    queryFn: () => publicSurveyApi.get(link),
    retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error && (error as { status: number }).status < 500),
  });
}
