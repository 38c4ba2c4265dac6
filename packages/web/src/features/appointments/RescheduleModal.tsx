import { App, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Appointment, appointmentsApi, isVersionConflict, type SlotDto, slotFullAlternatives } from '../../api/appointments';
import { errorMessage } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { AvailabilityPicker } from './AvailabilityPicker';
import { SlotAlternatives } from './SlotAlternatives';
import { useRefreshAppointments } from './useAppointmentCache';

type Props = {
  appointment: Appointment | null;
  /** Shown first when the move was tried already and the slot was full. */
  alternatives?: SlotDto[] | null;
  onClose: () => void;
  onDone?: (saved: Appointment) => void;
};

/** 改约: pick another slot from availability; a full slot offers the nearest free ones. */
export function RescheduleModal({ appointment, alternatives: initial, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshAppointments();
  const [startsAt, setStartsAt] = useState<string | null>(null);
  const [alternatives, setAlternatives] = useState<SlotDto[] | null>(initial ?? null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setStartsAt(null);
    setAlternatives(initial ? initial.filter((slot) => slot.startsAt !== appointment?.startsAt) : null);
  }, [appointment?.id, appointment?.startsAt, initial]);

  async function move(target: string) {
    if (!appointment) return;
    setSaving(true);
    try {
      const saved = await appointmentsApi.reschedule(appointment.id, { version: appointment.version, startsAt: target });
      void message.success(t('appointment.rescheduled', { time: formatDateTime(saved.startsAt) }));
      refresh(saved);
      onDone?.(saved);
      onClose();
    } catch (error) {
      const full = slotFullAlternatives(error);
      if (full) {
        setAlternatives(full.filter((slot) => slot.startsAt !== appointment.startsAt));
        refresh();
      } else if (isVersionConflict(error)) {
        void message.warning(t('appointment.conflictReloaded'));
        refresh();
        onClose();
      } else void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={!!appointment}
      title={t('appointment.rescheduleTitle')}
      okText={t('appointment.rescheduleOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !startsAt, loading: saving, 'data-testid': 'reschedule-submit' }}
      onOk={() => startsAt && void move(startsAt)}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      data-testid="reschedule-modal"
    >
      {appointment && (
        <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}>
          <Typography.Text type="secondary">
            {t('appointment.rescheduleFrom', { time: formatDateTime(appointment.startsAt) })}
          </Typography.Text>
          {alternatives && <SlotAlternatives alternatives={alternatives} onPick={(slot) => void move(slot.startsAt)} />}
          <AvailabilityPicker value={startsAt} onChange={setStartsAt} excludeStartsAt={appointment.startsAt} />
        </div>
      )}
    </Modal>
  );
}
