import { SmileOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Grid, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { complaintKeys } from '../../api/complaints';
import { csiApi, type SurveyResponse, useQuestionnaires } from '../../api/csi';
import type { CallScreen } from '../../api/followUp';
import { errorMessage } from '../../api/problems';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { SurveyQuestions } from '../csi/SurveyQuestions';
import { activeQuestionnaire, askedAnswers, localize } from '../csi/survey';
import { useSurveyAnswers } from '../csi/useSurveyAnswers';

type Props = {
  open: boolean;
  screen: CallScreen;
  onClose: () => void;
  /** The survey went through (the drawer is closed by the page). */
  onRecorded: (response: SurveyResponse) => void;
  /** 409 already_answered: the order was surveyed before (by SMS link or another call). */
  onAlreadyAnswered: () => void;
};

/** 记录满意度调查: the agent reads the active questionnaire to the customer and records the answers for the call's repair order. */
export function CallSurveyDrawer({ open, screen, onClose, onRecorded, onAlreadyAnswered }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const queryClient = useQueryClient();
  const questionnaires = useQuestionnaires(open);
  const idempotency = useIdempotencyKey();
  const { answers, errors, answer, complete, showServerErrors, reset } = useSurveyAnswers();
  const [submitting, setSubmitting] = useState(false);
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { task } = screen;
  const repairOrderId = task.repairOrderId;
  const order = screen.recentVisits.find((v) => v.repairOrderId === repairOrderId);
  // The appointment questions only when the order's visit was booked (the server's rule).
  const context = { booked: order?.booked ?? false };
  const questionnaire = activeQuestionnaire(questionnaires.data);
  const definition = questionnaire?.definition;

  // A fresh survey each time the drawer opens.
  useEffect(() => {
    if (!open) return;
    reset();
    idempotency.reset();
  }, [open, repairOrderId]);

  async function submit() {
    if (!definition || !repairOrderId || submitting || !complete(definition, context)) return;
    const body = { repairOrderId, answers: askedAnswers(definition, answers, context) };
    setSubmitting(true);
    try {
      const response = await csiApi.recordCall(body, idempotency.keyFor(body));
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: ['survey-responses'] });
      void queryClient.invalidateQueries({ queryKey: ['kpis', 'csi'] });
      if (response.complaintId) void queryClient.invalidateQueries({ queryKey: complaintKeys.all });
      onRecorded(response);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === 'already_answered') {
        idempotency.reset();
        onAlreadyAnswered();
      } else if (!showServerErrors(definition, error)) void message.error(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  const errorCount = Object.keys(errors).length;

  return (
    <Drawer
      open={open}
      onClose={() => !submitting && onClose()}
      size={screens.md ? 760 : '100%'}
      destroyOnHidden
      title={
        <Space wrap size={8}>
          <SmileOutlined />
          {t('followUp.survey.title', { name: task.customer.name })}
        </Space>
      }
      data-testid="call-survey-drawer"
      footer={
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'flex-end' }}>
          <Button size="large" onClick={onClose} disabled={submitting}>
            {t('common.cancel')}
          </Button>
          <Button
            type="primary"
            size="large"
            loading={submitting}
            disabled={!definition}
            onClick={() => void submit()}
            data-testid="call-survey-submit"
          >
            {t('followUp.survey.submit')}
          </Button>
        </div>
      }
    >
      {questionnaires.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : questionnaires.isError ? (
        <Alert
          type="error"
          showIcon
          title={errorMessage(questionnaires.error)}
          action={<Button onClick={() => void questionnaires.refetch()}>{t('common.retry')}</Button>}
          data-testid="call-survey-load-error"
        />
      ) : !definition ? (
        <Alert type="warning" showIcon title={t('followUp.survey.noQuestionnaire')} data-testid="call-survey-none" />
      ) : (
        <div style={{ display: 'grid', gap: 12 }} data-testid="call-survey-form" data-questionnaire-id={questionnaire.id}>
          <div>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {localize(definition.title, language)}
            </Typography.Title>
            <Space wrap size={12} style={{ color: 'rgba(0,0,0,0.55)' }}>
              {order && <span data-testid="call-survey-order">{t('followUp.survey.order', { number: order.number })}</span>}
              <span>{t('followUp.survey.readAloud')}</span>
            </Space>
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
          {errorCount > 0 && (
            <Alert type="error" showIcon title={t('survey.missing', { count: errorCount })} data-testid="call-survey-errors" />
          )}
        </div>
      )}
    </Drawer>
  );
}
