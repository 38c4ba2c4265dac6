import { StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { roApi, roKeys, type Visit } from '../../api/repairOrders';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { ReasonConfirmButton } from '../../components/ReasonConfirmButton';

/** The open visit a refused check-in names (409 open_visit_exists), or null. */
export function openVisitIdOf(error: unknown): string | null {
  if (error instanceof ApiError && error.code === 'open_visit_exists' && typeof error.body.openVisitId === 'string')
    return error.body.openVisitId;
  return null;
}

/** A refused check-in told to the advisor: the car's open visit offered when it has one, else the reason. */
export function useCheckInRefusal() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  return (error: unknown) => {
    const existing = openVisitIdOf(error);
    if (existing) {
      modal.confirm({
        title: t('visit.alreadyOpen'),
        okText: t('visit.openExisting'),
        cancelText: t('common.close'),
        onOk: () => navigate(`/visits/${existing}`),
      });
    } else void message.error(errorMessage(error));
  };
}

/** "This car is already checked in": the link to its open visit. */
export function OpenVisitExists({ visitId }: { visitId: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      title={t('visit.alreadyOpen')}
      description={
        <Link to={`/visits/${visitId}`} data-testid="open-existing-visit">
          {t('visit.openExisting')}
        </Link>
      }
      data-testid="open-visit-exists"
    />
  );
}

/**
 * Cancel a visit opened by mistake: confirmed with the reason (kept in the audit trail). The
 * server refuses once the customer has signed a repair order of the visit.
 */
export function VisitCancelButton({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();

  async function confirm(text: string) {
    try {
      await roApi.cancelVisit(visit.id, text, idempotency.keyFor({ id: visit.id, text }));
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: roKeys.visit(visit.id) });
      void queryClient.invalidateQueries({ queryKey: roKeys.driveToday });
      void queryClient.invalidateQueries({ queryKey: roKeys.all });
      void message.success(t('visit.cancelled'));
      return true;
    } catch (error) {
      void message.error(
        error instanceof ApiError && error.body.rule === 'repair_order_signed' ? t('visit.cancelRefusedSigned') : errorMessage(error),
      );
      return false;
    }
  }

  return (
    <ReasonConfirmButton
      label={t('visit.cancel')}
      button={{ size: 'large', icon: <StopOutlined /> }}
      title={t('visit.cancelTitle', { plate: visit.vehicle.plate })}
      hint={t('visit.cancelHint')}
      okText={t('visit.cancelConfirm')}
      reasonLabel={t('visit.cancelReason')}
      placeholder={t('visit.cancelReasonPlaceholder')}
      maxLength={500}
      testId="cancel-visit"
      onConfirm={confirm}
    />
  );
}
