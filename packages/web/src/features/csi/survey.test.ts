import { type Factor, type Question, questionnaireDefinitionSchema } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import { conditionAnswers, nextQuestionId, toDefinition, toValues } from './questionnaireForm';
import {
  activeQuestionnaire,
  answerFieldErrors,
  askedAnswers,
  factorHeadings,
  isAsked,
  missingRequired,
  progressPercent,
  radarSeries,
  rankRows,
  trendSeries,
  visibleQuestions,
  weightSum,
} from './survey';

const q = (id: string, patch: Partial<Question> = {}): Question => ({
  id,
  text: { 'zh-CN': id, en: id },
  kind: 'scale',
  factor: 'f1',
  weight: 1,
  rater: null,
  required: true,
  allowNa: true,
  showIf: null,
  lowAt: null,
  ...patch,
});

const questions: Question[] = [
  q('overall'),
  q('fixed', { kind: 'yes_no', required: false }),
  q('why', { kind: 'yes_no', factor: null, showIf: { questionId: 'fixed', answerIn: ['no'] } }),
  q('detail', { kind: 'text', factor: null, required: false, showIf: { questionId: 'why', answerIn: ['yes'] } }),
  q('recover', { showIf: { questionId: 'overall', answerIn: [1, 2, 3] }, factor: 'f2' }),
];
const definition = { questions };

describe('which questions are asked', () => {
  it('asks a conditional question only when the earlier answer is in answerIn', () => {
    expect(isAsked(questions[2]!, {})).toBe(false);
    expect(isAsked(questions[2]!, { fixed: 'yes' })).toBe(false);
    expect(isAsked(questions[2]!, { fixed: 'no' })).toBe(true);
    expect(isAsked(questions[4]!, { overall: 3 })).toBe(true);
    expect(isAsked(questions[4]!, { overall: 4 })).toBe(false);
    expect(isAsked(questions[4]!, { overall: 'na' })).toBe(false);
  });

  it('keeps the order and hides a chain whose first link is hidden', () => {
    expect(visibleQuestions(questions, { overall: 7 }).map((x) => x.id)).toEqual(['overall', 'fixed']);
    expect(visibleQuestions(questions, { overall: 2, fixed: 'no', why: 'yes' }).map((x) => x.id)).toEqual([
      'overall',
      'fixed',
      'why',
      'detail',
      'recover',
    ]);
    // "why" is answered but no longer asked: its follow-up goes too.
    expect(visibleQuestions(questions, { overall: 7, fixed: 'yes', why: 'yes' }).map((x) => x.id)).toEqual(['overall', 'fixed']);
  });

  it('sends only the asked answers, trimmed, without empty text', () => {
    expect(askedAnswers(definition, { overall: 6, fixed: 'yes', why: 'stale', recover: 2 })).toEqual({ overall: 6, fixed: 'yes' });
    expect(askedAnswers(definition, { overall: 'na', fixed: 'no', why: 'yes', detail: '  slow  ' })).toEqual({
      overall: 'na',
      fixed: 'no',
      why: 'yes',
      detail: 'slow',
    });
    expect(askedAnswers(definition, { overall: 7, fixed: 'no', why: 'yes', detail: '   ' })).toEqual({
      overall: 7,
      fixed: 'no',
      why: 'yes',
    });
  });

  it('lists the asked required questions still missing, in order', () => {
    expect(missingRequired(definition, {})).toEqual(['overall']);
    expect(missingRequired(definition, { overall: 1, fixed: 'no' })).toEqual(['why', 'recover']);
    expect(missingRequired(definition, { overall: 'na' })).toEqual([]);
  });

  it('counts the progress over the asked questions', () => {
    expect(progressPercent(definition, {})).toBe(0);
    expect(progressPercent(definition, { overall: 7 })).toBe(50);
    expect(progressPercent(definition, { overall: 7, fixed: 'yes' })).toBe(100);
  });

  it('maps the server field errors onto questions', () => {
    expect(
      answerFieldErrors([
        { field: 'answers.why', code: 'required' },
        { field: 'locale', code: 'x' },
        { field: 'answers.why', code: 'wrong_kind' },
      ]),
    ).toEqual({ why: 'required' });
  });

  it('puts a factor heading where the factor changes', () => {
    expect([...factorHeadings(visibleQuestions(questions, { overall: 1, fixed: 'no' }))]).toEqual([
      ['overall', 'f1'],
      ['recover', 'f2'],
    ]);
  });
});

describe('the dashboard figures', () => {
  const factors: Factor[] = [
    { key: 'a', name: { 'zh-CN': '甲', en: 'A' }, weight: 19.5 },
    { key: 'b', name: { 'zh-CN': '乙', en: 'B' }, weight: 80.5 },
    { key: 'c', name: { 'zh-CN': '丙', en: 'C' }, weight: 0 },
  ];

  it('sums the weights', () => {
    expect(weightSum(factors)).toBe(100);
    expect(weightSum([{ weight: 0.1 }, { weight: 0.2 }])).toBe(0.3);
    expect(weightSum([])).toBe(0);
  });

  it('draws the radar over the factors, in the page language', () => {
    const radar = radarSeries(factors, { factors: { a: 83.333, b: null } }, 'en');
    expect(radar.indicators).toEqual([
      { name: 'A', max: 100 },
      { name: 'B', max: 100 },
      { name: 'C', max: 100 },
    ]);
    expect(radar.values).toEqual([83.3, 0, 0]);
    expect(radar.missing).toEqual(['b', 'c']);
    expect(radarSeries(factors, { factors: {} }, 'zh-CN').indicators[0]!.name).toBe('甲');
  });

  it('orders the trend by month and keeps gaps', () => {
    const trend = trendSeries([
      { key: '2026-03', label: '2026-03', csi: 81.26, responses: 4 },
      { key: '2026-01', label: '2026-01', csi: null, responses: 0 },
      { key: '2026-02', label: '2026-02', csi: 90, responses: 2 },
    ]);
    expect(trend).toEqual({ months: ['2026-01', '2026-02', '2026-03'], csi: [null, 90, 81.3], responses: [0, 2, 4] });
  });

  it('ranks advisors best first, unscored last', () => {
    expect(
      rankRows([
        { label: 'b', csi: null },
        { label: 'a', csi: 70 },
        { label: 'c', csi: 90 },
      ]).map((r) => r.label),
    ).toEqual(['c', 'a', 'b']);
  });
});

describe('the questionnaire a survey is taken on', () => {
  const item = (id: string, scope: 'dealer' | 'network', active: boolean) => ({ id, scope, active });

  it("prefers the dealer's own active questionnaire, else the network's active one", () => {
    expect(activeQuestionnaire([item('n', 'network', true), item('d', 'dealer', true)])?.id).toBe('d');
    expect(activeQuestionnaire([item('n', 'network', true), item('d', 'dealer', false)])?.id).toBe('n');
    expect(activeQuestionnaire([item('n', 'network', false), item('d', 'dealer', false)])).toBeNull();
    expect(activeQuestionnaire(undefined)).toBeNull();
  });
});

describe('the questionnaire builder form', () => {
  const definition = questionnaireDefinitionSchema.parse({
    title: { 'zh-CN': '调查', en: 'Survey' },
    factors: [{ key: 'f1', name: { 'zh-CN': '一', en: 'One' }, weight: 100 }],
    questions: [
      { id: 'overall', text: { 'zh-CN': '总体', en: 'Overall' }, kind: 'scale', factor: 'f1', lowAt: 3 },
      {
        id: 'why',
        text: { 'zh-CN': '原因', en: 'Why' },
        kind: 'text',
        factor: null,
        showIf: { questionId: 'overall', answerIn: [1, 2, 3] },
      },
    ],
    lowCsiBelow: 60,
  });

  it('round-trips a definition through the form values', () => {
    expect(questionnaireDefinitionSchema.parse(toDefinition(toValues('x', definition).definition))).toEqual(definition);
  });

  it('drops an empty condition and a low level on a non-scale question', () => {
    const d = toDefinition({ questions: [{ id: 'a', kind: 'yes_no', lowAt: 3, showIf: { questionId: null, answerIn: [] } }] });
    expect(d.questions[0]).toMatchObject({ showIf: null, lowAt: null, factor: null });
  });

  it('names new questions without clashes and offers the right condition answers', () => {
    expect(nextQuestionId([{ id: 'q1' }, { id: 'q3' }])).toBe('q4');
    expect(nextQuestionId([{ id: 'q2' }])).toBe('q3');
    expect(nextQuestionId([{ id: 'q2' }, { id: 'q3' }])).toBe('q4');
    expect(conditionAnswers('yes_no')).toEqual(['yes', 'no']);
    expect(conditionAnswers('text')).toEqual([]);
  });
});
