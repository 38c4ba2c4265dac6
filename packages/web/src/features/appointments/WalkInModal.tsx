import { App, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appointmentsApi } from '../../api/appointments';
import { errorMessage } from '../../api/problems';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { useRefreshAppointments } from './useAppointmentCache';
import { type PickedVehicle, VehicleFinder } from './VehicleFinder';

/** 未预约进店: a customer without an appointment arrives; recorded for the arrival-flow table. */
export function WalkInModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshAppointments();
  const idempotency = useIdempotencyKey();
  const [picked, setPicked] = useState<PickedVehicle | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (open) {
      setPicked(null);
      idempotency.reset();
    }
  }, [open]); // only when it opens

  async function submit() {
    if (!picked) return;
    setSaving(true);
    try {
      await appointmentsApi.walkIn(picked.id, idempotency.keyFor({ walkIn: picked.id }));
      idempotency.reset();
      void message.success(t('walkIn.done', { plate: picked.plate }));
      refresh();
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('walkIn.title')}
      okText={t('walkIn.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !picked, loading: saving, 'data-testid': 'walk-in-submit' }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('walkIn.hint')}</Typography.Paragraph>
      <VehicleFinder value={picked?.id ?? null} hint={t('reception.findHint')} picked={picked} onPicked={setPicked} />
    </Modal>
  );
}
