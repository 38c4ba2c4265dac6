import { type QuestionnaireDefinition, questionnaireDefinitionSchema } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import { BOOKED_CONDITION, toDefinition, toValues } from './questionnaireForm';
import { askedAnswers, missingRequired, visibleQuestions } from './survey';

// The appointment questions are asked only when the visit was booked (issue 12, point 9): on the
// survey page and the call screen as on the server, and the builder keeps the condition.
const definition: QuestionnaireDefinition = questionnaireDefinitionSchema.parse({
  title: { 'zh-CN': '测试', en: 'Test' },
  factors: [{ key: 'initiation', name: { 'zh-CN': '服务启动', en: 'Service initiation' }, weight: 100 }],
  questions: [
    {
      id: 'greeted_on_time',
      text: { 'zh-CN': '按预约时间得到接待', en: 'Greeted at the booked time' },
      kind: 'scale',
      factor: 'initiation',
      showIf: { context: 'booked' },
    },
    { id: 'quick_drop_off', text: { 'zh-CN': '接车快速', en: 'Quick drop-off' }, kind: 'scale', factor: 'initiation' },
  ],
  lowCsiBelow: 60,
});

describe('the visit’s context', () => {
  it('hides the appointment questions from a walk-in’s survey and asks them of a booked one', () => {
    expect(visibleQuestions(definition.questions, {}, { booked: false }).map((q) => q.id)).toEqual(['quick_drop_off']);
    expect(visibleQuestions(definition.questions, {}, { booked: true }).map((q) => q.id)).toEqual(['greeted_on_time', 'quick_drop_off']);
    expect(missingRequired(definition, {}, { booked: false })).toEqual(['quick_drop_off']);
    expect(missingRequired(definition, {}, { booked: true })).toEqual(['greeted_on_time', 'quick_drop_off']);
    // A stale answer to a question the walk-in is not asked is not sent.
    expect(askedAnswers(definition, { greeted_on_time: 7, quick_drop_off: 6 }, { booked: false })).toEqual({ quick_drop_off: 6 });
  });

  it('keeps the booked-only condition through the questionnaire builder', () => {
    const values = toValues('J.D. Power CSI', definition);
    expect(values.definition!.questions![0]!.showIf).toEqual({ questionId: BOOKED_CONDITION, answerIn: [] });
    const back = questionnaireDefinitionSchema.parse(toDefinition(values.definition));
    expect(back.questions.map((q) => q.showIf)).toEqual([{ context: 'booked' }, null]);
  });
});
