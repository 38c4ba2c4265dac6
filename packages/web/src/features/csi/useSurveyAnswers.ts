import type { Answers, QuestionnaireDefinition, SurveyContext } from '@servicebay/contracts';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { questionDomId } from './SurveyQuestions';
import { type Answer, answerFieldErrors, missingRequired } from './survey';

function scrollToQuestion(id: string) {
  document.getElementById(questionDomId(id))?.scrollIntoView({ behavior: 'smooth', block: 'center' });
}

/**
 * The answers of a survey being filled in (by the customer on the survey page, or by an agent on a
 * call), with the errors shown on their questions.
 */
export function useSurveyAnswers() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});

  function answer(questionId: string, value: Answer | undefined) {
    setAnswers((prev) => {
      const next = { ...prev };
      if (value === undefined) delete next[questionId];
      else next[questionId] = value;
      return next;
    });
    if (errors[questionId]) {
      setErrors((prev) => {
        const next = { ...prev };
        delete next[questionId];
        return next;
      });
    }
  }

  /** Marks the required questions still unanswered and scrolls to the first; true when there are none. */
  function complete(definition: Pick<QuestionnaireDefinition, 'questions'>, context: SurveyContext): boolean {
    const missing = missingRequired(definition, answers, context);
    if (missing.length === 0) return true;
    setErrors(Object.fromEntries(missing.map((id) => [id, 'required'])));
    void message.warning(t('survey.missing', { count: missing.length }));
    scrollToQuestion(missing[0]!);
    return false;
  }

  /** Puts the server's `answers.<id>` errors on their questions; false when the error names none. */
  function showServerErrors(definition: Pick<QuestionnaireDefinition, 'questions'>, error: unknown): boolean {
    const byQuestion = error instanceof ApiError ? answerFieldErrors(error.errors) : {};
    if (Object.keys(byQuestion).length === 0) return false;
    setErrors(byQuestion);
    const first = definition.questions.find((q) => byQuestion[q.id]);
    if (first) scrollToQuestion(first.id);
    void message.warning(t('survey.fixAnswers'));
    return true;
  }

  function reset() {
    setAnswers({});
    setErrors({});
  }

  return { answers, errors, answer, complete, showServerErrors, reset };
}
