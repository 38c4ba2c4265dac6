import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { sameDayAppointment } from '../../api/appointments';
import { formatDateTime } from '../../components/DateText';

/**
 * The car already has an appointment that day (409 appointment_same_day): ask whether another one is
 * intended. Resolves true when the person confirms (the booking is then sent again with
 * `confirmDuplicate: true`), false when they cancel or the error is something else.
 */
export function useConfirmSameDay() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return (error: unknown): Promise<boolean> => {
    const existing = sameDayAppointment(error);
    if (!existing) return Promise.resolve(false);
    return new Promise((resolve) => {
      modal.confirm({
        title: t('booking.sameDay.title'),
        content: t('booking.sameDay.content', { number: existing.number, time: formatDateTime(existing.startsAt) }),
        okText: t('booking.sameDay.confirm'),
        cancelText: t('common.cancel'),
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
  };
}
