import { type Answers, type QuestionnaireDefinition, type SurveyContext, WALK_IN } from '@servicebay/contracts';
import { SCALE_LABELS, SCALE_LEVELS } from '@servicebay/contracts/constants';
import { Button, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasTranslation } from '../../api/problems';
import { type Answer, factorHeadings, localize, visibleQuestions } from './survey';

const LOW_COLOR = '#cf1322';
const levelLabel = (level: number) => SCALE_LABELS[SCALE_LEVELS.indexOf(level as (typeof SCALE_LEVELS)[number])] ?? 'neutral';
export const questionDomId = (id: string) => `survey-q-${id}`;

/**
 * The questions of a questionnaire as the customer sees them: factor headings, the 7-level scale as
 * large buttons, yes/no, text, "not applicable"; conditional questions only when their condition
 * holds. Used by the survey page and by the questionnaire builder's preview.
 */
export function SurveyQuestions({
  definition,
  answers,
  onAnswer,
  errors = {},
  language,
  disabled = false,
  context = WALK_IN,
}: {
  definition: QuestionnaireDefinition;
  answers: Answers;
  onAnswer: (questionId: string, answer: Answer | undefined) => void;
  /** Question id → error code (required, not_applicable_not_allowed, wrong_kind …). */
  errors?: Record<string, string>;
  language: string;
  disabled?: boolean;
  /** What is known of the visit: the appointment questions only when it was booked. */
  context?: SurveyContext;
}) {
  const { t } = useTranslation();
  const shown = visibleQuestions(definition.questions, answers, context);
  const headings = factorHeadings(shown);
  const factors = new Map(definition.factors.map((f) => [f.key, f]));
  const errorText = (code: string) =>
    hasTranslation(`survey.errors.${code}`) ? t(`survey.errors.${code}` as 'survey.errors.required') : t('survey.errors.invalid');

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      {shown.map((q, index) => {
        const answer = answers[q.id];
        const error = errors[q.id];
        const heading = headings.get(q.id);
        const factor = heading ? factors.get(heading) : undefined;
        return (
          <div key={q.id} style={{ display: 'grid', gap: 12 }}>
            {factor && (
              <Typography.Title
                level={5}
                style={{ margin: '8px 0 0', color: '#0b3d91' }}
                data-testid="survey-factor"
                data-factor={factor.key}
              >
                {localize(factor.name, language)}
              </Typography.Title>
            )}
            <div
              id={questionDomId(q.id)}
              data-testid="survey-question"
              data-question-id={q.id}
              data-error={error ?? undefined}
              style={{
                background: '#fff',
                borderRadius: 10,
                padding: 14,
                border: `1px solid ${error ? LOW_COLOR : '#e5e8ee'}`,
                boxShadow: error ? `0 0 0 2px ${LOW_COLOR}22` : undefined,
                scrollMarginTop: 16,
              }}
            >
              <Typography.Text strong style={{ fontSize: 16, display: 'block', marginBottom: 10 }}>
                {index + 1}. {localize(q.text, language)}
                {!q.required && (
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
                    {' '}
                    ({t('survey.optional')})
                  </Typography.Text>
                )}
              </Typography.Text>
              {q.kind === 'scale' && (
                <>
                  <div
                    style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 6 }}
                    role="radiogroup"
                    aria-label={localize(q.text, language)}
                  >
                    {SCALE_LEVELS.map((level) => {
                      const selected = answer === level;
                      const low = q.lowAt !== null && level <= q.lowAt;
                      return (
                        <Button
                          key={level}
                          role="radio"
                          aria-checked={selected}
                          aria-label={`${level} ${t(`survey.scale.${levelLabel(level)}`)}`}
                          title={t(`survey.scale.${levelLabel(level)}`)}
                          type={selected ? 'primary' : 'default'}
                          danger={selected && low}
                          disabled={disabled}
                          onClick={() => onAnswer(q.id, level)}
                          style={{ height: 48, padding: 0, fontSize: 18, fontWeight: 600 }}
                          data-testid={`scale-${q.id}-${level}`}
                        >
                          {level}
                        </Button>
                      );
                    })}
                  </div>
                  <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, color: '#8c8c8c', marginTop: 4 }}>
                    <span>{t('survey.scale.very_satisfied')}</span>
                    {typeof answer === 'number' && (
                      <Typography.Text strong style={{ fontSize: 12 }} data-testid={`scale-${q.id}-label`}>
                        {t(`survey.scale.${levelLabel(answer)}`)}
                      </Typography.Text>
                    )}
                    <span>{t('survey.scale.very_dissatisfied')}</span>
                  </div>
                </>
              )}
              {q.kind === 'yes_no' && (
                <div
                  style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}
                  role="radiogroup"
                  aria-label={localize(q.text, language)}
                >
                  {(['yes', 'no'] as const).map((value) => (
                    <Button
                      key={value}
                      role="radio"
                      aria-checked={answer === value}
                      size="large"
                      type={answer === value ? 'primary' : 'default'}
                      disabled={disabled}
                      onClick={() => onAnswer(q.id, value)}
                      data-testid={`yesno-${q.id}-${value}`}
                    >
                      {t(`survey.${value}`)}
                    </Button>
                  ))}
                </div>
              )}
              {q.kind === 'text' && (
                <Input.TextArea
                  value={typeof answer === 'string' && answer !== 'na' ? answer : ''}
                  onChange={(e) => onAnswer(q.id, e.target.value === '' ? undefined : e.target.value)}
                  autoSize={{ minRows: 3, maxRows: 8 }}
                  maxLength={2000}
                  disabled={disabled || answer === 'na'}
                  placeholder={t('survey.textPlaceholder')}
                  aria-label={localize(q.text, language)}
                  data-testid={`text-${q.id}`}
                />
              )}
              {q.allowNa && (
                <Button
                  type={answer === 'na' ? 'primary' : 'link'}
                  ghost={answer === 'na'}
                  size="small"
                  disabled={disabled}
                  onClick={() => onAnswer(q.id, answer === 'na' ? undefined : 'na')}
                  style={{ marginTop: 8, paddingInline: answer === 'na' ? 8 : 0 }}
                  aria-pressed={answer === 'na'}
                  data-testid={`na-${q.id}`}
                >
                  {t('survey.na')}
                </Button>
              )}
              {error && (
                <Typography.Text type="danger" style={{ display: 'block', marginTop: 6 }} data-testid={`survey-error-${q.id}`}>
                  {errorText(error)}
                </Typography.Text>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
