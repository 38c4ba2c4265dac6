import { CheckCircleOutlined, ClockCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Progress, Result, Skeleton, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { linkPath } from '../../api/publicLink';
import { publicSurveyApi, usePublicSurvey } from '../../api/survey';
import { formatDate } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { PlateTag } from '../../components/PlateTag';
import { currentLanguage } from '../../i18n';
import { SurveyQuestions } from '../csi/SurveyQuestions';
import { askedAnswers, localize, progressPercent } from '../csi/survey';
import { useSurveyAnswers } from '../csi/useSurveyAnswers';
import { PublicLayout } from './PublicLayout';

type Ending = 'thanks' | 'answered' | 'expired' | null;

/** 满意度调查 /survey/:dealerCode/:token — the customer rates the visit from the SMS link, on a phone, without logging in. */
export function SurveyPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const link = linkPath(useParams());
  const survey = usePublicSurvey(link);
  const idempotency = useIdempotencyKey();
  const { answers, errors, answer, complete, showServerErrors } = useSurveyAnswers();
  const [ending, setEnding] = useState<Ending>(null);
  const [submitting, setSubmitting] = useState(false);
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';

  const end = (
    testId: string,
    status: 'success' | 'info' | 'warning',
    icon: ReactNode,
    title: string,
    hint: string,
    dealerName?: string,
  ) => (
    <PublicLayout dealerName={dealerName} tagline={t('public.surveyTagline')}>
      <div data-testid="survey-page">
        <Result status={status} icon={icon} title={title} subTitle={hint} data-testid={testId} />
      </div>
    </PublicLayout>
  );

  if (survey.error instanceof ApiError && (survey.error.status === 404 || survey.error.status === 400)) {
    return end('survey-invalid', 'warning', <QuestionCircleOutlined />, t('survey.invalid'), t('survey.invalidHint'));
  }
  if (survey.error instanceof ApiError && survey.error.status === 410) {
    return end('survey-expired', 'info', <ClockCircleOutlined />, t('survey.expired'), t('survey.expiredHint'));
  }
  if (!survey.data) {
    return (
      <PublicLayout tagline={t('public.surveyTagline')}>
        {survey.isError ? (
          <Result
            status="warning"
            title={t('common.loadFailed')}
            subTitle={errorMessage(survey.error)}
            extra={<Button onClick={() => void survey.refetch()}>{t('common.retry')}</Button>}
          />
        ) : (
          <Card>
            <Skeleton active paragraph={{ rows: 6 }} />
          </Card>
        )}
      </PublicLayout>
    );
  }
  const s = survey.data;
  if (ending === 'thanks')
    return end(
      'survey-thanks',
      'success',
      <CheckCircleOutlined />,
      t('survey.thanks'),
      t('survey.thanksHint', { dealer: s.dealerName }),
      s.dealerName,
    );
  if (ending === 'answered' || s.status === 'answered')
    return end('survey-answered', 'success', <CheckCircleOutlined />, t('survey.answered'), t('survey.answeredHint'), s.dealerName);
  if (ending === 'expired' || s.status === 'expired')
    return end('survey-expired', 'info', <ClockCircleOutlined />, t('survey.expired'), t('survey.expiredHint'), s.dealerName);

  const definition = s.definition;
  // The appointment questions only when the visit was booked.
  const context = { booked: s.booked };
  const percent = progressPercent(definition, answers, context);

  async function submit() {
    if (!complete(definition, context)) return;
    const body = { answers: askedAnswers(definition, answers, context), locale: currentLanguage() };
    setSubmitting(true);
    try {
      await publicSurveyApi.submit(link, body, idempotency.keyFor(body));
      idempotency.reset();
      setEnding('thanks');
      window.scrollTo({ top: 0 });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === 'already_answered') setEnding('answered');
      else if (error instanceof ApiError && error.status === 410) setEnding('expired');
      else if (!showServerErrors(definition, error)) void message.error(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <PublicLayout dealerName={s.dealerName} tagline={t('public.surveyTagline')}>
      <div style={{ display: 'grid', gap: 12 }} data-testid="survey-page">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="survey-title">
          {localize(definition.title, language)}
        </Typography.Title>
        <Card size="small">
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {t('survey.intro', { name: s.customerName, dealer: s.dealerName })}
          </Typography.Paragraph>
          <Space wrap size={8}>
            {s.plate && <PlateTag plate={s.plate} size="small" showKindTag={false} />}
            {s.deliveredAt && (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('survey.deliveredOn', { date: formatDate(s.deliveredAt) })}
              </Typography.Text>
            )}
          </Space>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 6 }}>
            {t('survey.scaleHint')} · {t('survey.validUntil', { date: formatDate(s.expiresAt) })}
          </Typography.Text>
        </Card>
        <div style={{ position: 'sticky', top: 0, zIndex: 2, background: '#f3f5f8', padding: '4px 0' }}>
          <Progress
            percent={percent}
            size="small"
            format={(p) => `${p}%`}
            aria-label={t('survey.progress')}
            data-testid="survey-progress"
            data-percent={percent}
          />
        </div>
        <SurveyQuestions
          definition={definition}
          answers={answers}
          onAnswer={answer}
          errors={errors}
          language={language}
          disabled={submitting}
          context={context}
        />
        {Object.keys(errors).length > 0 && (
          <Alert type="error" showIcon title={t('survey.missing', { count: Object.keys(errors).length })} data-testid="survey-errors" />
        )}
        <Button
          type="primary"
          size="large"
          block
          loading={submitting}
          onClick={() => void submit()}
          style={{ height: 52, fontSize: 17 }}
          data-testid="survey-submit"
        >
          {t('survey.submit')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
          {t('survey.privacy')}
        </Typography.Text>
      </div>
    </PublicLayout>
  );
}
