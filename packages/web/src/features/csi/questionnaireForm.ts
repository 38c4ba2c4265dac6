// The questionnaire builder's form values ⇄ the contract's definition, and small editing helpers.
import type { Question, QuestionnaireDefinition, QuestionnaireDefinitionInput } from '@servicebay/contracts';

type Loc = { 'zh-CN'?: string; en?: string };
export type QuestionValues = {
  id?: string;
  text?: Loc;
  kind?: Question['kind'];
  factor?: string | null;
  weight?: number | null;
  rater?: Question['rater'] | null;
  required?: boolean;
  allowNa?: boolean;
  showIf?: { questionId?: string | null; answerIn?: (number | 'yes' | 'no')[] } | null;
  lowAt?: number | null;
};
/** The builder's condition "only when the visit was booked" (not a question id: ids start with a letter). */
export const BOOKED_CONDITION = '@booked';
export type DefinitionValues = {
  title?: Loc;
  factors?: { key?: string; name?: Loc; weight?: number | null }[];
  questions?: QuestionValues[];
  lowCsiBelow?: number | null;
};
export type QuestionnaireValues = { name?: string; definition?: DefinitionValues };

const text = (l: Loc | undefined) => ({ 'zh-CN': (l?.['zh-CN'] ?? '').trim(), en: (l?.en ?? '').trim() });

/** The form's values as the API's definition (defaults filled, a condition without a question dropped, lowAt only on scale). */
export function toDefinition(v: DefinitionValues | undefined): QuestionnaireDefinitionInput {
  return {
    title: text(v?.title),
    factors: (v?.factors ?? []).map((f) => ({ key: (f?.key ?? '').trim(), name: text(f?.name), weight: f?.weight ?? 0 })),
    questions: (v?.questions ?? []).map((q) => ({
      id: (q?.id ?? '').trim(),
      text: text(q?.text),
      kind: q?.kind ?? 'scale',
      factor: q?.factor || null,
      weight: q?.weight ?? 1,
      rater: q?.rater || null,
      required: q?.required ?? true,
      allowNa: q?.allowNa ?? true,
      showIf:
        q?.showIf?.questionId === BOOKED_CONDITION
          ? { context: 'booked' as const }
          : q?.showIf?.questionId
            ? { questionId: q.showIf.questionId, answerIn: q.showIf.answerIn ?? [] }
            : null,
      lowAt: (q?.kind ?? 'scale') === 'scale' ? (q?.lowAt ?? null) : null,
    })),
    lowCsiBelow: v?.lowCsiBelow ?? 0,
  };
}

export function toValues(name: string, d: QuestionnaireDefinition): QuestionnaireValues {
  return {
    name,
    definition: {
      title: d.title,
      factors: d.factors.map((f) => ({ ...f, name: { ...f.name } })),
      questions: d.questions.map((q) => ({
        ...q,
        text: { ...q.text },
        showIf: !q.showIf
          ? { questionId: null, answerIn: [] }
          : 'context' in q.showIf
            ? { questionId: BOOKED_CONDITION, answerIn: [] }
            : { questionId: q.showIf.questionId, answerIn: [...q.showIf.answerIn] },
      })),
      lowCsiBelow: d.lowCsiBelow,
    },
  };
}

/** A question id not used yet: q1, q2 … */
export function nextQuestionId(questions: readonly { id?: string }[]): string {
  const used = new Set(questions.map((q) => q?.id));
  for (let n = questions.length + 1; ; n++) if (!used.has(`q${n}`)) return `q${n}`;
}

export const newQuestion = (id: string, factor: string | null): QuestionValues => ({
  id,
  text: { 'zh-CN': '', en: '' },
  kind: 'scale',
  factor,
  weight: 1,
  rater: null,
  required: true,
  allowNa: true,
  showIf: { questionId: null, answerIn: [] },
  lowAt: 3,
});

/** The answers a condition on this question can name: the scale levels or yes/no; text questions cannot be conditions. */
export function conditionAnswers(kind: Question['kind'] | undefined): (number | 'yes' | 'no')[] {
  if (kind === 'scale') return [7, 6, 5, 4, 3, 2, 1];
  if (kind === 'yes_no') return ['yes', 'no'];
  return [];
}
