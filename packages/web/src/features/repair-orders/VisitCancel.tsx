import { StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { roApi, roKeys, type Visit } from '../../api/repairOrders';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';

/** The open visit a refused check-in names (409 open_visit_exists), or null. */
export function openVisitIdOf(error: unknown): string | null {
  if (error instanceof ApiError && error.code === 'open_visit_exists' && typeof error.body.openVisitId === 'string')
    return error.body.openVisitId;
  return null;
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
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);

  async function confirm() {
    const text = reason.trim();
    if (!text) return;
    setSaving(true);
    try {
      await roApi.cancelVisit(visit.id, text, idempotency.keyFor({ id: visit.id, text }));
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: roKeys.visit(visit.id) });
      void queryClient.invalidateQueries({ queryKey: roKeys.driveToday });
      void queryClient.invalidateQueries({ queryKey: roKeys.all });
      void message.success(t('visit.cancelled'));
      setOpen(false);
    } catch (error) {
      void message.error(
        error instanceof ApiError && error.body.rule === 'repair_order_signed' ? t('visit.cancelRefusedSigned') : errorMessage(error),
      );
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button danger size="large" icon={<StopOutlined />} onClick={() => setOpen(true)} data-testid="cancel-visit">
        {t('visit.cancel')}
      </Button>
      <Modal
        open={open}
        title={t('visit.cancelTitle', { plate: visit.vehicle.plate })}
        okText={t('visit.cancelConfirm')}
        okButtonProps={{
          danger: true,
          disabled: !reason.trim(),
          loading: saving,
          ...({ 'data-testid': 'cancel-visit-confirm' } as Record<string, string>),
        }}
        cancelText={t('common.cancel')}
        onOk={() => void confirm()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('visit.cancelHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={500}
          showCount
          value={reason}
          placeholder={t('visit.cancelReasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          aria-label={t('visit.cancelReason')}
          data-testid="cancel-visit-reason"
        />
      </Modal>
    </>
  );
}
