import { complaintBookingSchema } from '@servicebay/contracts';
import { formatPlate } from '@servicebay/contracts/constants';
import { useQuery } from '@tanstack/react-query';
import { App, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ComplaintBookingInput, type ComplaintDetail, complaintsApi } from '../../api/complaints';
import { customerKeys, customersApi } from '../../api/customers';
import { formatDateTime } from '../../components/DateText';
import { BookingDrawer, type BookingValues, bookingInput, useBookingDrawer } from '../appointments/BookingDrawer';
import { useTellDelivery } from '../messages/MessageDelivery';
import { useCaseUpdate } from './useCaseUpdate';

type Values = BookingValues & { vehicleId: string | null };

function toInput(v: Values, version: number): ComplaintBookingInput {
  return { version, vehicleId: v.vehicleId ?? undefined, ...bookingInput(v) };
}

type Props = { open: boolean; complaint: ComplaintDetail; onClose: () => void };

/** 预约维修 for the complaint: a slot with seats left, through the appointments module's capacity rules. */
export function BookRepairDrawer({ open, complaint, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useCaseUpdate();
  const booking = useBookingDrawer<Values>(open);
  const tellDelivery = useTellDelivery();
  const { form } = booking;
  const vehicles = useQuery({
    queryKey: customerKeys.vehicles(complaint.customer.id),
    queryFn: () => customersApi.vehicles(complaint.customer.id).then((r) => r.items),
    enabled: open && !complaint.vehicle,
  });
  const labels = { work: t('complaints.book.work'), notes: t('complaints.book.notes'), slot: t('complaints.book.slot') };

  async function submit(values: Values) {
    const input = toInput(values, complaint.version);
    if (!input.vehicleId) {
      form.setFields([{ name: 'vehicleId', errors: [t('form.required', { label: t('complaints.fields.vehicle') })] }]);
      void message.error(t('form.fixErrors'));
      return;
    }
    if (booking.invalid(complaintBookingSchema, input, labels)) return;
    await booking.book(
      input,
      (body, key) => complaintsApi.book(complaint.id, body, key),
      (saved) => {
        update.saved(saved.complaint);
        booking.refreshAppointments(saved.appointment);
        void message.success(
          t('complaints.book.booked', { number: saved.appointment.number, time: formatDateTime(saved.appointment.startsAt) }),
        );
        tellDelivery(saved.appointment.message, saved.appointment.customer.mobile);
        onClose();
      },
      (error) => {
        if (update.failed(complaint.id, error, form) === 'reloaded') onClose();
      },
    );
  }

  const defaultDescription = t('complaints.book.defaultWork', { number: complaint.number });

  return (
    <BookingDrawer<Values>
      open={open}
      onClose={onClose}
      booking={booking}
      title={t('complaints.book.title', { name: complaint.customer.name })}
      formTestId="complaint-book-drawer"
      submitLabel={t('complaints.book.submit')}
      submitTestId="complaint-book-submit"
      initialValues={{
        vehicleId: complaint.vehicle?.id ?? null,
        kind: 'repair',
        description: defaultDescription.slice(0, 200),
        durationMinutes: 60,
        customerWords: complaint.customerWords.slice(0, 1000),
        notes: '',
        startsAt: null,
      }}
      onSubmit={(values) => void submit(values)}
      labels={labels}
      kinds={['repair', 'maintenance']}
      testIds={{ work: 'complaint-book-work' }}
    >
      <Form.Item name="vehicleId" label={t('complaints.fields.vehicle')} required>
        {complaint.vehicle ? (
          <Select
            disabled
            options={[
              {
                value: complaint.vehicle.id,
                label: [formatPlate(complaint.vehicle.plate), complaint.vehicle.model].filter(Boolean).join(' · '),
              },
            ]}
          />
        ) : (
          <Select
            loading={vehicles.isPending}
            placeholder={vehicles.data?.length === 0 ? t('complaints.book.noVehicle') : t('complaints.intake.vehiclePlaceholder')}
            options={(vehicles.data ?? []).map((v) => ({
              value: v.id,
              label: [formatPlate(v.plate), v.modelName].filter(Boolean).join(' · '),
            }))}
            data-testid="complaint-book-vehicle"
          />
        )}
      </Form.Item>
    </BookingDrawer>
  );
}
