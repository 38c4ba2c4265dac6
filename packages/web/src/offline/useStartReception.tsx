import { App, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Appointment } from '../api/appointments';
import { newIdempotencyKey } from '../api/client';
import { roApi } from '../api/repairOrders';
import { useUser } from '../app/session';
import { useCheckInRefusal } from '../features/repair-orders/VisitCancel';
import { isUnreachable } from './queue';
import { queueReception } from './store';

/**
 * Checks a booked car in: online the visit opens at once; with the server out of reach the check-in
 * is kept on the device (with the key of the attempt, which may have reached the server) and the
 * reception goes on there.
 */
export function useStartReception() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const refused = useCheckInRefusal();
  const navigate = useNavigate();
  const user = useUser();

  async function checkIn(appointment: Appointment) {
    const idempotencyKey = newIdempotencyKey();
    try {
      const visit = await roApi.openVisit({ appointmentId: appointment.id }, idempotencyKey);
      navigate(`/visits/${visit.id}`);
    } catch (error) {
      if (isUnreachable(error)) {
        const reception = await queueReception(
          {
            userId: user.id,
            plate: appointment.vehicle.plate,
            customerName: appointment.customer.name,
            appointmentId: appointment.id,
            visitId: null,
            customerWords: appointment.customerWords,
          },
          { kind: 'check_in', appointmentId: appointment.id },
          idempotencyKey,
        );
        void message.info(t('offline.savedOnDevice'));
        navigate(`/reception/local/${reception.id}`);
        return;
      }
      refused(error);
    }
  }

  return function start(appointment: Appointment) {
    modal.confirm({
      title: t('offline.checkInTitle', { plate: appointment.vehicle.plate, name: appointment.customer.name }),
      okText: t('offline.checkIn'),
      okButtonProps: { 'data-testid': 'my-day-receive-ok' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () => checkIn(appointment),
    });
  };
}
