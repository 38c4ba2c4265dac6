// Pure helpers of the satisfaction survey and the CSI dashboard: which questions are asked given the
// answers (the server's rule), what is still missing, the chart series and the factor weights.
import {
  type Answers,
  type CsiRow,
  type Factor,
  isAsked,
  type Question,
  type Questionnaire,
  type QuestionnaireDefinition,
  type SurveyContext,
  WALK_IN,
} from '@servicebay/contracts';

export type Answer = Answers[string];
export type Localized = { 'zh-CN': string; en: string };

/** The text in the page's language (the questionnaire carries both). */
export const localize = (text: Localized, language: string): string => (language === 'en' ? text.en : text['zh-CN']);

/** Is the question asked, given the earlier answers and the visit (booked or walk-in)? The server's rule, from the contracts. */
export { isAsked };

/**
 * The questions asked, in order. A question hidden by its condition does not count as answered, so
 * a question conditional on it is hidden too (its stale answer is dropped by `askedAnswers`).
 */
export function visibleQuestions<Q extends Pick<Question, 'id' | 'showIf'>>(
  questions: readonly Q[],
  answers: Answers,
  context: SurveyContext = WALK_IN,
): Q[] {
  const kept: Answers = {};
  const out: Q[] = [];
  for (const question of questions) {
    if (!isAsked(question, kept, context)) continue;
    out.push(question);
    const answer = answers[question.id];
    if (answer !== undefined) kept[question.id] = answer;
  }
  return out;
}

const blank = (answer: Answer | undefined) => answer === undefined || (typeof answer === 'string' && answer.trim() === '');

/** The questionnaire a survey is taken on: the dealer's own active one if any, else the network's active one (the server's rule). */
export function activeQuestionnaire<Q extends Pick<Questionnaire, 'scope' | 'active'>>(items: readonly Q[] | undefined): Q | null {
  if (!items) return null;
  return items.find((q) => q.scope === 'dealer' && q.active) ?? items.find((q) => q.scope === 'network' && q.active) ?? null;
}

/** The answers to send: only the asked questions', text trimmed, empty text left out. */
export function askedAnswers(
  definition: Pick<QuestionnaireDefinition, 'questions'>,
  answers: Answers,
  context: SurveyContext = WALK_IN,
): Answers {
  const out: Answers = {};
  for (const question of visibleQuestions(definition.questions, answers, context)) {
    const answer = answers[question.id];
    if (blank(answer)) continue;
    out[question.id] = typeof answer === 'string' ? answer.trim() : answer!;
  }
  return out;
}

/** The asked required questions without an answer, in order (the page scrolls to the first). */
export function missingRequired(
  definition: Pick<QuestionnaireDefinition, 'questions'>,
  answers: Answers,
  context: SurveyContext = WALK_IN,
): string[] {
  return visibleQuestions(definition.questions, answers, context)
    .filter((q) => q.required && blank(answers[q.id]))
    .map((q) => q.id);
}

/** Answered / asked, for the progress bar (0–100). */
export function progressPercent(
  definition: Pick<QuestionnaireDefinition, 'questions'>,
  answers: Answers,
  context: SurveyContext = WALK_IN,
): number {
  const asked = visibleQuestions(definition.questions, answers, context);
  if (asked.length === 0) return 0;
  const done = asked.filter((q) => !blank(answers[q.id])).length;
  return Math.round((done / asked.length) * 100);
}

/** The server's field errors `answers.<id>` as question id → code. */
export function answerFieldErrors(errors: readonly { field: string; code: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const m = /^answers\.([a-z][a-z0-9_]*)$/.exec(e.field);
    if (m && !out[m[1]!]) out[m[1]!] = e.code;
  }
  return out;
}

/** The factor heading to show before each question: when its factor differs from the previous shown question's. */
export function factorHeadings(questions: readonly Pick<Question, 'id' | 'factor'>[]): Map<string, string> {
  const out = new Map<string, string>();
  let previous: string | null | undefined;
  for (const q of questions) {
    if (q.factor && q.factor !== previous) out.set(q.id, q.factor);
    previous = q.factor;
  }
  return out;
}

/** Sum of the factor weights (they should make 100). */
export const weightSum = (factors: readonly Pick<Factor, 'weight'>[]): number =>
  Math.round(factors.reduce((sum, f) => sum + (Number(f.weight) || 0), 0) * 100) / 100;

/** The radar: one indicator per factor (0–100), and the total row's score (0 where nothing was answered). */
export function radarSeries(factors: readonly Factor[], total: Pick<CsiRow, 'factors'>, language: string) {
  return {
    indicators: factors.map((f) => ({ name: localize(f.name, language), max: 100 })),
    values: factors.map((f) => {
      const v = total.factors[f.key];
      return v === null || v === undefined ? 0 : Math.round(v * 10) / 10;
    }),
    missing: factors.filter((f) => total.factors[f.key] === null || total.factors[f.key] === undefined).map((f) => f.key),
  };
}

/** The trend by month: the rows in month order (keys YYYY-MM), CSI rounded to one place, null gaps kept. */
export function trendSeries(rows: readonly Pick<CsiRow, 'key' | 'label' | 'csi' | 'responses'>[]) {
  const sorted = [...rows].sort((a, b) => a.key.localeCompare(b.key));
  return {
    months: sorted.map((r) => r.label || r.key),
    csi: sorted.map((r) => (r.csi === null ? null : Math.round(r.csi * 10) / 10)),
    responses: sorted.map((r) => r.responses),
  };
}

/** The advisor ranking: best CSI first; advisors without a score last. */
export function rankRows<R extends Pick<CsiRow, 'csi' | 'label'>>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => (b.csi ?? -1) - (a.csi ?? -1) || a.label.localeCompare(b.label));
}

/** A rate 0–1 as a percentage with one decimal, or null. */
export const ratePercent = (rate: number | null | undefined): number | null =>
  rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
