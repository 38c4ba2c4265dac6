import { z } from 'zod';
import { dateRangeSchema, idSchema } from './common.js';
import { QUESTION_KINDS, RATER, SURVEY_CONTEXTS } from './csi.constants.js';
import { messageDeliverySchema } from './messages.js';

export * from './csi.constants.js';

// Satisfaction surveys and CSI (domain.md §7): versioned questionnaires with the J.D. Power factors,
// survey links after delivery, scoring on 0–100 (and 1000 points), low scores that open a complaint.

const localized = z.object({ 'zh-CN': z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(300) });
const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'invalid_key');

export const factorSchema = z.object({
  key,
  name: localized,
  /** Share of the CSI, in percent; re-normalised over the factors a response answered. */
  weight: z.number().min(0).max(100),
});
export type Factor = z.infer<typeof factorSchema>;

export type SurveyContext = { [K in (typeof SURVEY_CONTEXTS)[number]]: boolean };
/** A visit not known to have been booked (a walk-in): the appointment questions are not asked. */
export const WALK_IN: SurveyContext = { booked: false };

const showIfSchema = z.union([
  z.object({
    questionId: key,
    answerIn: z
      .array(z.union([z.number().int(), z.enum(['yes', 'no'])]))
      .min(1)
      .max(20),
  }),
  z.object({ context: z.enum(SURVEY_CONTEXTS) }),
]);
export type ShowIf = z.infer<typeof showIfSchema>;

export const questionSchema = z.object({
  id: key,
  text: localized,
  kind: z.enum(QUESTION_KINDS),
  /** The factor it scores towards (null: asked but not scored). */
  factor: key.nullable(),
  /** Weight within its factor. */
  weight: z.number().min(0).max(100).default(1),
  rater: z.enum(RATER).nullable().default(null),
  required: z.boolean().default(true),
  /** The customer may answer "not applicable" (then it does not count). */
  allowNa: z.boolean().default(true),
  /** Asked only when an earlier question got one of these answers, or only in a context of the visit (booked: the visit came from an appointment). */
  showIf: showIfSchema.nullable().default(null),
  /** A scale answer at or below this level is a low score (alerts and opens a complaint). */
  lowAt: z.number().int().min(1).max(7).nullable().default(null),
});
export type Question = z.infer<typeof questionSchema>;

export const questionnaireDefinitionSchema = z
  .object({
    title: localized,
    factors: z.array(factorSchema).max(12),
    questions: z.array(questionSchema).min(1).max(60),
    /** A response whose CSI (0–100) is below this is a low score. */
    lowCsiBelow: z.number().min(0).max(100),
  })
  .superRefine((d, ctx) => {
    const factors = new Set(d.factors.map((f) => f.key));
    const seen = new Set<string>();
    d.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: 'duplicate_question', path: ['questions', i, 'id'] });
      if (q.factor && !factors.has(q.factor)) ctx.addIssue({ code: 'custom', message: 'unknown_factor', path: ['questions', i, 'factor'] });
      if (q.showIf && 'questionId' in q.showIf && !seen.has(q.showIf.questionId))
        ctx.addIssue({ code: 'custom', message: 'condition_not_earlier', path: ['questions', i, 'showIf', 'questionId'] });
      if (q.kind !== 'scale' && q.lowAt !== null)
        ctx.addIssue({ code: 'custom', message: 'low_only_on_scale', path: ['questions', i, 'lowAt'] });
      seen.add(q.id);
    });
    if (new Set(d.factors.map((f) => f.key)).size !== d.factors.length)
      ctx.addIssue({ code: 'custom', message: 'duplicate_factor', path: ['factors'] });
  });
export type QuestionnaireDefinition = z.infer<typeof questionnaireDefinitionSchema>;
export type QuestionnaireDefinitionInput = z.input<typeof questionnaireDefinitionSchema>;

/**
 * Is the question asked, given the earlier answers and what is known of the visit? One rule for the
 * server's validation and scoring, the customer's survey page and the call screen's survey.
 */
export function isAsked(question: { showIf: ShowIf | null }, answers: Answers, context: SurveyContext = WALK_IN): boolean {
  const condition = question.showIf;
  if (!condition) return true;
  if ('context' in condition) return context[condition.context];
  const given = answers[condition.questionId];
  return given !== undefined && (condition.answerIn as readonly unknown[]).includes(given);
}

export const questionnaireSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** A dealer's own, or the car maker's for the whole network. */
  scope: z.enum(['dealer', 'network']),
  dealerId: idSchema.nullable(),
  active: z.boolean(),
  currentVersion: z.number().int(),
  definition: questionnaireDefinitionSchema,
  versions: z.array(
    z.object({ version: z.number().int(), createdAt: z.string(), createdBy: z.string().nullable(), responses: z.number().int() }),
  ),
  rowVersion: z.number().int(),
  updatedAt: z.string(),
});
export type Questionnaire = z.infer<typeof questionnaireSchema>;

/** The dealer's questionnaires and the car maker's. */
export const questionnaireListSchema = z.object({ items: z.array(questionnaireSchema) });
export type QuestionnaireList = z.infer<typeof questionnaireListSchema>;

export const questionnaireInputSchema = z.object({
  name: z.string().trim().min(1).max(80),
  scope: z.enum(['dealer', 'network']).default('dealer'),
  definition: questionnaireDefinitionSchema,
});
/** A new version: answers keep the version they were given on. */
export const questionnaireUpdateSchema = z.object({
  rowVersion: z.number().int().min(1),
  name: z.string().trim().min(1).max(80).optional(),
  definition: questionnaireDefinitionSchema.optional(),
  active: z.boolean().optional(),
});

/** What the survey of a delivery will do: skipped (and why), or its SMS as it will go. */
export const surveyNoticeSchema = z.object({
  skipped: z.enum(['surveys_off', 'recently_surveyed']).nullable(),
  message: messageDeliverySchema.nullable(),
});
export type SurveyNotice = z.infer<typeof surveyNoticeSchema>;

export const surveySettingsSchema = z.object({
  enabled: z.boolean(),
  /** Hours after delivery the SMS goes out (quiet hours still apply at send time). */
  delayHours: z.number().min(0).max(168),
  /** Days the link stays open. */
  expiryDays: z.number().int().min(1).max(60),
  /** A customer is surveyed at most once in this many days. */
  minDaysBetween: z.number().int().min(0).max(365),
});
export type SurveySettings = z.infer<typeof surveySettingsSchema>;

/** An answer: a scale level, yes/no, free text, or "not applicable". */
export const answerSchema = z.union([z.number().int().min(1).max(7), z.enum(['yes', 'no', 'na']), z.string().trim().max(2000)]);
export const answersSchema = z.record(key, answerSchema);
export type Answers = z.infer<typeof answersSchema>;

export const publicSurveySchema = z.object({
  dealerName: z.string(),
  customerName: z.string(),
  plate: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  status: z.enum(['open', 'answered', 'expired']),
  expiresAt: z.string(),
  /** The visit came from an appointment: the appointment questions are asked. */
  booked: z.boolean(),
  definition: questionnaireDefinitionSchema,
});
export type PublicSurvey = z.infer<typeof publicSurveySchema>;
export const surveySubmissionSchema = z.object({ answers: answersSchema, locale: z.enum(['zh-CN', 'en']).default('zh-CN') });
/** What the customer's submitted answers score (null when no scored question was answered). */
export const surveyResultSchema = z.object({ csi: z.number().nullable(), csi1000: z.number().nullable() });
export type SurveyResult = z.infer<typeof surveyResultSchema>;
export const callSurveySchema = z.object({ repairOrderId: idSchema, answers: answersSchema });

export const surveyResponseSchema = z.object({
  id: idSchema,
  dealerId: idSchema,
  submittedAt: z.string(),
  source: z.enum(['link', 'call']),
  csi: z.number().nullable(),
  csi1000: z.number().nullable(),
  factorScores: z.record(z.string(), z.number()),
  low: z.boolean(),
  flags: z.array(z.enum(['staff_device', 'staff_network', 'burst_of_perfect_scores'])),
  complaintId: idSchema.nullable(),
  repairOrder: z.object({ id: idSchema, number: z.string() }).nullable(),
  serviceAdvisor: z.object({ id: idSchema, name: z.string() }).nullable(),
  customer: z.object({ id: idSchema, name: z.string() }),
});
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;

/** The survey responses of a period, optionally only the low or flagged ones. */
export const surveyResponseListSchema = z.object({ items: z.array(surveyResponseSchema) });
export type SurveyResponseList = z.infer<typeof surveyResponseListSchema>;

export const csiQuerySchema = dateRangeSchema({
  groupBy: z.enum(['dealer', 'sa', 'month']).default('month'),
  dealerId: idSchema.optional(),
  /** The car maker narrows the network to a region. */
  region: z.string().trim().min(1).max(40).optional(),
});
export const csiRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  responses: z.number().int(),
  invitations: z.number().int(),
  responseRate: z.number().nullable(),
  /** Mean CSI of the responses, 0–100, and as J.D. Power reports it, on 1000 points. */
  csi: z.number().nullable(),
  csi1000: z.number().nullable(),
  factors: z.record(z.string(), z.number().nullable()),
  lowScores: z.number().int(),
  flagged: z.number().int(),
});
export type CsiRow = z.infer<typeof csiRowSchema>;
export const csiDashboardSchema = z.object({
  factors: z.array(factorSchema),
  total: csiRowSchema,
  rows: z.array(csiRowSchema),
});
export type CsiDashboard = z.infer<typeof csiDashboardSchema>;

export const factorDrillSchema = z.object({
  factor: factorSchema,
  items: z.array(
    z.object({
      questionId: z.string(),
      text: z.object({ 'zh-CN': z.string(), en: z.string() }),
      rater: z.enum(RATER).nullable(),
      answers: z.number().int(),
      score: z.number().nullable(),
      lowAnswers: z.number().int(),
    }),
  ),
  /** The responses with a low answer in this factor, newest first, with the RO behind each. */
  lowResponses: z.array(surveyResponseSchema),
  /** How many responses have a low answer in this factor (the list shows the newest of them). */
  lowResponsesTotal: z.number().int(),
  /** The process figures of the step this factor measures (appointment, reception, promised time …). */
  process: z.array(z.object({ key: z.string(), value: z.number().nullable(), unit: z.enum(['rate', 'minutes', 'count']) })),
});
export type FactorDrill = z.infer<typeof factorDrillSchema>;
