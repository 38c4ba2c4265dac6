import { type Appointment, callBookingSchema } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { isVersionConflict } from '../../api/appointments';
import { type CallBookingInput, type CallScreen, type FollowUpTask, followUpApi, followUpKeys } from '../../api/followUp';
import { applyProblemToForm } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { BookingDrawer, type BookingValues, bookingInput, useBookingDrawer } from '../appointments/BookingDrawer';
import { useTellDelivery } from '../messages/MessageDelivery';
import { defaultWorkKey } from './followUp';

type Values = BookingValues;

function toInput(v: Values, version: number): CallBookingInput {
  return { version, ...bookingInput(v) };
}

type Props = { open: boolean; screen: CallScreen; onClose: () => void; onBooked: (task: FollowUpTask, appointment: Appointment) => void };

/** 预约进厂 from the call: a slot with seats left, through the same capacity rules as any booking. */
export function BookFromCallDrawer({ open, screen, onClose, onBooked }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const booking = useBookingDrawer<Values>(open);
  const tellDelivery = useTellDelivery();
  const { form } = booking;
  const { task } = screen;
  const labels = { work: t('followUp.booking.work'), notes: t('followUp.booking.notes'), slot: t('followUp.booking.slot') };

  async function submit(values: Values) {
    const input = toInput(values, task.version);
    if (booking.invalid(callBookingSchema, input, labels)) return;
    await booking.book(
      input,
      (body, key) => followUpApi.book(task.id, body, key),
      (saved) => {
        void message.success(
          t('followUp.booking.booked', { number: saved.appointment.number, time: formatDateTime(saved.appointment.startsAt) }),
        );
        tellDelivery(saved.appointment.message, saved.appointment.customer.mobile);
        booking.refreshAppointments(saved.appointment);
        void queryClient.invalidateQueries({ queryKey: followUpKeys.all });
        onBooked(saved.task, saved.appointment);
      },
      (error) => {
        if (isVersionConflict(error)) {
          void message.warning(t('followUp.call.conflict'));
          void queryClient.invalidateQueries({ queryKey: followUpKeys.task(task.id) });
          onClose();
          return;
        }
        for (const text of applyProblemToForm(form, error, { 'requestedWork.0.description': 'description' })) void message.error(text);
      },
    );
  }

  return (
    <BookingDrawer<Values>
      open={open}
      onClose={onClose}
      booking={booking}
      title={t('followUp.booking.title', { name: screen.customer.name, plate: screen.vehicle?.plate ?? '' })}
      drawerTestId="book-from-call-drawer"
      submitLabel={t('followUp.booking.submit')}
      submitTestId="book-from-call-submit"
      initialValues={{
        kind: 'maintenance',
        description: t(`followUp.booking.defaultWork.${defaultWorkKey(task.rule)}`),
        durationMinutes: 60,
        customerWords: '',
        notes: '',
        startsAt: null,
      }}
      onSubmit={(values) => void submit(values)}
      labels={labels}
      kinds={['maintenance', 'repair']}
      testIds={{ work: 'booking-work', customerWords: 'booking-customer-words', notes: 'booking-notes' }}
    />
  );
}
