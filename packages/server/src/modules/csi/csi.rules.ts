import { type Answers, isAsked, type Question, type QuestionnaireDefinition, type SurveyContext, WALK_IN } from '@servicebay/contracts';

// CSI scoring as pure rules (domain.md §7): an item's score on 0–100, a factor's as the weighted mean
// of its answered items, the CSI as the weighted mean of the answered factors (weights re-normalised
// when a factor has no answers), questions hidden by their condition not asked (nor counted: an
// appointment question on a walk-in visit), low scores found.

/** A scale level 1–7 on 0–100 (7 → 100, 4 → 50, 1 → 0); yes → 100, no → 0; anything else is unscored. */
export function itemScore(question: Pick<Question, 'kind'>, answer: Answers[string] | undefined): number | null {
  if (answer === undefined || answer === 'na') return null;
  if (question.kind === 'scale') return typeof answer === 'number' ? ((answer - 1) / 6) * 100 : null;
  if (question.kind === 'yes_no') return answer === 'yes' ? 100 : answer === 'no' ? 0 : null;
  return null;
}

export { isAsked };

const round2 = (n: number) => Math.round(n * 100) / 100;

export type Scored = {
  /** 0–100, or null when no scored question was answered. */
  csi: number | null;
  factorScores: Record<string, number>;
  /** Question ids answered at or below their low level. */
  lowItems: string[];
  low: boolean;
};

/** Scores one response on its questionnaire version. */
export function scoreResponse(definition: QuestionnaireDefinition, answers: Answers, context: SurveyContext = WALK_IN): Scored {
  const sums = new Map<string, { weighted: number; weight: number }>();
  const lowItems: string[] = [];
  for (const question of definition.questions) {
    if (!isAsked(question, answers, context)) continue;
    const answer = answers[question.id];
    if (question.kind === 'scale' && question.lowAt !== null && typeof answer === 'number' && answer <= question.lowAt)
      lowItems.push(question.id);
    const score = itemScore(question, answer);
    if (score === null || !question.factor || question.weight === 0) continue;
    const sum = sums.get(question.factor) ?? { weighted: 0, weight: 0 };
    sum.weighted += score * question.weight;
    sum.weight += question.weight;
    sums.set(question.factor, sum);
  }
  const factorScores: Record<string, number> = {};
  let weighted = 0;
  let weights = 0;
  for (const factor of definition.factors) {
    const sum = sums.get(factor.key);
    if (!sum || sum.weight === 0) continue;
    const score = sum.weighted / sum.weight;
    factorScores[factor.key] = round2(score);
    weighted += score * factor.weight;
    weights += factor.weight;
  }
  const csi = weights > 0 ? round2(weighted / weights) : null;
  return { csi, factorScores, lowItems, low: lowItems.length > 0 || (csi !== null && csi < definition.lowCsiBelow) };
}

/** What one answer adds to its item's daily figures: points out of a maximum (so the mean score is 100 × points / max), and whether it was low. */
export type ItemFigure = { questionId: string; points: number; maxPoints: number; low: boolean };

/**
 * The item figures of one response, counted as the factor drill-down reads them: every scale or
 * yes/no answer stored (a scale level 1–7 is level − 1 points of 6, yes 1 point of 1, no 0 of 1),
 * low when a scale answer is at or below its question's low level.
 */
export function itemFigures(definition: QuestionnaireDefinition, answers: Answers): ItemFigure[] {
  const figures: ItemFigure[] = [];
  for (const question of definition.questions) {
    const answer = answers[question.id];
    if (question.kind === 'scale' && typeof answer === 'number')
      figures.push({ questionId: question.id, points: answer - 1, maxPoints: 6, low: question.lowAt !== null && answer <= question.lowAt });
    else if (question.kind === 'yes_no' && (answer === 'yes' || answer === 'no'))
      figures.push({ questionId: question.id, points: answer === 'yes' ? 1 : 0, maxPoints: 1, low: false });
  }
  return figures;
}

/** The factors in which a response has a low item (each counts the response once in its total of low responses). */
export function lowFactors(definition: QuestionnaireDefinition, lowItems: string[]): string[] {
  const factors = definition.questions.filter((q) => q.factor && lowItems.includes(q.id)).map((q) => q.factor!);
  return [...new Set(factors)];
}

/** Checks a submission against its questionnaire: required questions that are asked, answers of the right kind. */
export function answerErrors(
  definition: QuestionnaireDefinition,
  answers: Answers,
  context: SurveyContext = WALK_IN,
): { field: string; code: string }[] {
  const errors: { field: string; code: string }[] = [];
  const known = new Set(definition.questions.map((q) => q.id));
  for (const id of Object.keys(answers)) if (!known.has(id)) errors.push({ field: `answers.${id}`, code: 'unknown_question' });
  for (const question of definition.questions) {
    const answer = answers[question.id];
    const field = `answers.${question.id}`;
    if (!isAsked(question, answers, context)) continue;
    if (answer === undefined || answer === '') {
      if (question.required) errors.push({ field, code: 'required' });
      continue;
    }
    if (answer === 'na') {
      if (!question.allowNa) errors.push({ field, code: 'not_applicable_not_allowed' });
      continue;
    }
    const ok =
      question.kind === 'scale'
        ? typeof answer === 'number'
        : question.kind === 'yes_no'
          ? answer === 'yes' || answer === 'no'
          : typeof answer === 'string';
    if (!ok) errors.push({ field, code: 'wrong_kind' });
  }
  return errors;
}

/** The 1000-point figure J.D. Power reports. */
export const csi1000 = (csi: number | null) => (csi === null ? null : Math.round(csi * 10));

/** Several perfect responses for one advisor within minutes look coached. */
export const BURST = { responses: 3, minutes: 10 } as const;
export function isPerfect(scored: Scored): boolean {
  return scored.csi === 100;
}
