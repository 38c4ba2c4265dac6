import { Alert, App, Button, type ButtonProps, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { codeMessage } from '../api/problems';
import { formatDateTime } from '../components/DateText';
import { continueWithOpenVisit, discardStep, type Reception, retryStep, type Step, waitingSteps } from './queue';
import { replaceReception } from './store';

const STATE_COLOR = { waiting: 'processing', done: 'success', conflict: 'error' } as const;

/** One step of a reception: its state, and for a conflict the server's reason and what can be done. */
export function StepRow({ reception, step }: { reception: Reception; step: Step }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  function discard() {
    const dropsAll = step.kind === 'check_in';
    modal.confirm({
      title: t('offline.discardTitle'),
      content: dropsAll ? t('offline.discardCheckIn', { count: waitingSteps(reception).length }) : t('offline.discardContent'),
      okText: t('offline.discard'),
      okButtonProps: { danger: true, 'data-testid': 'offline-discard-ok' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () => replaceReception(reception.id, discardStep(reception, step.id)),
    });
  }
  return (
    <div style={{ display: 'grid', gap: 6, width: '100%' }} data-testid="offline-step" data-kind={step.kind} data-state={step.state}>
      <Space wrap size={8}>
        <Typography.Text>{t(`offline.steps.${step.kind}`)}</Typography.Text>
        <Tag color={STATE_COLOR[step.state]}>{t(`offline.state.${step.state}`)}</Tag>
        <Typography.Text type="secondary">{formatDateTime(step.queuedAt)}</Typography.Text>
      </Space>
      {step.state === 'conflict' && step.problem && (
        <Alert
          type="error"
          showIcon
          data-testid="offline-conflict"
          title={t('offline.conflict', { message: codeMessage(step.problem.code, step.problem.detail ?? undefined) })}
          description={step.problem.detail ?? undefined}
          action={
            <Space wrap>
              {step.problem.openVisitId && (
                <Button size="small" onClick={() => void replaceReception(reception.id, continueWithOpenVisit(reception, step.id))}>
                  {t('offline.useOpenVisit')}
                </Button>
              )}
              <Button
                size="small"
                onClick={() => void replaceReception(reception.id, retryStep(reception, step.id))}
                data-testid="offline-retry"
              >
                {t('offline.retry')}
              </Button>
              <Button size="small" danger onClick={discard} data-testid="offline-discard">
                {t('offline.discard')}
              </Button>
            </Space>
          }
        />
      )}
    </div>
  );
}

export function ReceptionSteps({ reception }: { reception: Reception }) {
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      {reception.steps.map((step) => (
        <StepRow key={step.id} reception={reception} step={step} />
      ))}
    </div>
  );
}
