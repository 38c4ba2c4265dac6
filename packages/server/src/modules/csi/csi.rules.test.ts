import { type QuestionnaireDefinition, questionnaireDefinitionSchema } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import { answerErrors, csi1000, isAsked, itemFigures, itemScore, lowFactors, scoreResponse } from './csi.rules.js';
import { DEFAULT_CSI_TEMPLATE } from './csi.template.js';

// A small questionnaire to compute by hand: factor A (weight 60) with q1 (weight 1) and q2 (weight 3),
// factor B (weight 40) with q3; q4 yes/no in B; q5 asked only when q4 is "no".
const small: QuestionnaireDefinition = questionnaireDefinitionSchema.parse({
  title: { 'zh-CN': '测试', en: 'Test' },
  factors: [
    { key: 'a', name: { 'zh-CN': 'A', en: 'A' }, weight: 60 },
    { key: 'b', name: { 'zh-CN': 'B', en: 'B' }, weight: 40 },
  ],
  questions: [
    { id: 'q1', text: { 'zh-CN': '一', en: 'one' }, kind: 'scale', factor: 'a', weight: 1, lowAt: 3 },
    { id: 'q2', text: { 'zh-CN': '二', en: 'two' }, kind: 'scale', factor: 'a', weight: 3 },
    { id: 'q3', text: { 'zh-CN': '三', en: 'three' }, kind: 'scale', factor: 'b', required: false },
    { id: 'q4', text: { 'zh-CN': '四', en: 'four' }, kind: 'yes_no', factor: 'b', required: false },
    { id: 'q5', text: { 'zh-CN': '五', en: 'five' }, kind: 'text', factor: null, showIf: { questionId: 'q4', answerIn: ['no'] } },
  ],
  lowCsiBelow: 60,
});

describe('CSI scoring', () => {
  it('scores the 7-level scale on 0–100 and yes/no as 100/0; "not applicable" does not count', () => {
    expect(itemScore({ kind: 'scale' }, 7)).toBe(100);
    expect(itemScore({ kind: 'scale' }, 4)).toBe(50);
    expect(itemScore({ kind: 'scale' }, 1)).toBe(0);
    expect(itemScore({ kind: 'yes_no' }, 'yes')).toBe(100);
    expect(itemScore({ kind: 'yes_no' }, 'no')).toBe(0);
    expect(itemScore({ kind: 'scale' }, 'na')).toBeNull();
    expect(itemScore({ kind: 'text' }, 'fine')).toBeNull();
  });

  it('weights items within a factor and factors within the CSI (a hand-computed example)', () => {
    // A = (1×100 + 3×50) / 4 = 62.5; B = (q3 5 → 66.67, q4 yes → 100) / 2 = 83.33; CSI = (62.5×60 + 83.33×40) / 100 = 70.83.
    const scored = scoreResponse(small, { q1: 7, q2: 4, q3: 5, q4: 'yes' });
    expect(scored.factorScores).toEqual({ a: 62.5, b: 83.33 });
    expect(scored.csi).toBe(70.83);
    expect(csi1000(scored.csi)).toBe(708);
    expect(scored.low).toBe(false);
  });

  it('re-weights over the factors that have answers when a factor has none (missing or not applicable)', () => {
    const scored = scoreResponse(small, { q1: 7, q2: 7, q3: 'na' });
    expect(scored.factorScores).toEqual({ a: 100 });
    expect(scored.csi).toBe(100);
    expect(scoreResponse(small, { q1: 'na', q2: 'na' }).csi).toBeNull();
  });

  it('finds low scores by item level and by the overall CSI', () => {
    expect(scoreResponse(small, { q1: 3, q2: 7, q3: 7 })).toMatchObject({ lowItems: ['q1'], low: true });
    // No item at its low level, but CSI = (4→50 for A; 3→33.33 for B) → 43.33 < 60.
    expect(scoreResponse(small, { q1: 4, q2: 4, q3: 3 })).toMatchObject({ lowItems: [], low: true, csi: 43.33 });
  });

  it('asks a conditional question only when its condition holds, and ignores an answer to a hidden one', () => {
    expect(isAsked(small.questions[4]!, { q4: 'no' })).toBe(true);
    expect(isAsked(small.questions[4]!, { q4: 'yes' })).toBe(false);
    expect(answerErrors(small, { q1: 7, q2: 7, q4: 'no' })).toEqual([{ field: 'answers.q5', code: 'required' }]);
    expect(answerErrors(small, { q1: 7, q2: 7, q4: 'yes' })).toEqual([]);
  });

  it('refuses missing required answers, wrong kinds, unknown questions and "not applicable" where not allowed', () => {
    expect(answerErrors(small, { q2: 'yes', x: 3 })).toEqual([
      { field: 'answers.x', code: 'unknown_question' },
      { field: 'answers.q1', code: 'required' },
      { field: 'answers.q2', code: 'wrong_kind' },
    ]);
  });
});

describe('the default CSI template', () => {
  it('carries the five J.D. Power factors with their weights, a RATER tag on every scored item and the 7-level scale', () => {
    expect(DEFAULT_CSI_TEMPLATE.factors.map((f) => [f.key, f.weight])).toEqual([
      ['initiation', 19],
      ['advisor', 19],
      ['facility', 20],
      ['pickup', 20],
      ['quality', 22],
    ]);
    const scored = DEFAULT_CSI_TEMPLATE.questions.filter((q) => q.factor);
    expect(scored.every((q) => q.rater !== null)).toBe(true);
    expect(new Set(scored.map((q) => q.rater))).toEqual(new Set(['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness']));
    const all7 = Object.fromEntries(
      DEFAULT_CSI_TEMPLATE.questions.map((q) => [q.id, q.kind === 'scale' ? 7 : q.kind === 'yes_no' ? 'yes' : '']),
    ) as Record<string, number | string>;
    expect(scoreResponse(DEFAULT_CSI_TEMPLATE, all7).csi).toBe(100);
  });
});

describe('itemFigures and lowFactors', () => {
  it('counts every scale and yes/no answer as points out of a maximum, low at or below the low level', () => {
    const figures = itemFigures(DEFAULT_CSI_TEMPLATE, { courteous: 3, clean: 7, lounge: 'na', problem_fixed: 'no', comments: '好' });
    expect(figures).toEqual([
      { questionId: 'courteous', points: 2, maxPoints: 6, low: true },
      { questionId: 'clean', points: 6, maxPoints: 6, low: false },
      { questionId: 'problem_fixed', points: 0, maxPoints: 1, low: false },
    ]);
    expect(lowFactors(DEFAULT_CSI_TEMPLATE, ['courteous', 'responsive', 'clean'])).toEqual(['advisor', 'facility']);
  });
});
