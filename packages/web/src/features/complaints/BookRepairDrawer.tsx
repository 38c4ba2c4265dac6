import { CalendarOutlined } from '@ant-design/icons';
import { complaintBookingSchema, formatPlate } from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Col, Drawer, Form, Grid, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { slotFullAlternatives, type SlotDto } from '../../api/appointments';
import { complaintsApi, type ComplaintBookingInput, type ComplaintDetail } from '../../api/complaints';
import { customerKeys, customersApi } from '../../api/customers';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { AvailabilityPicker } from '../appointments/AvailabilityPicker';
import { SlotAlternatives } from '../appointments/SlotAlternatives';
import { useRefreshAppointments } from '../appointments/useAppointmentCache';
import { useCaseUpdate } from './useCaseUpdate';

type Values = {
  vehicleId: string | null;
  kind: 'maintenance' | 'repair';
  description: string;
  durationMinutes: number;
  customerWords: string;
  notes: string;
  startsAt: string | null;
};

const shape = complaintBookingSchema.shape;
const workShape = shape.requestedWork.element.shape;
const DURATIONS = [30, 60, 90, 120, 180, 240];

function toInput(v: Values, version: number): ComplaintBookingInput {
  return {
    version,
    vehicleId: v.vehicleId ?? undefined,
    startsAt: v.startsAt ?? '',
    durationMinutes: v.durationMinutes,
    requestedWork: [{ kind: v.kind, description: (v.description ?? '').trim() }],
    customerWords: v.customerWords?.trim() || null,
    notes: v.notes?.trim() || null,
  };
}

type Props = { open: boolean; complaint: ComplaintDetail; onClose: () => void };

/** 预约维修 for the complaint: a slot with seats left, through the appointments module's capacity rules. */
export function BookRepairDrawer({ open, complaint, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const update = useCaseUpdate();
  const refreshAppointments = useRefreshAppointments();
  const [form] = Form.useForm<Values>();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  const [alternatives, setAlternatives] = useState<SlotDto[] | null>(null);
  const startsAt = Form.useWatch('startsAt', form);
  const vehicles = useQuery({
    queryKey: customerKeys.vehicles(complaint.customer.id),
    queryFn: () => customersApi.vehicles(complaint.customer.id).then((r) => r.items),
    enabled: open && !complaint.vehicle,
  });

  useEffect(() => {
    if (open) setAlternatives(null);
  }, [open]);

  async function submit(values: Values) {
    const input = toInput(values, complaint.version);
    if (!input.vehicleId) {
      form.setFields([{ name: 'vehicleId', errors: [t('form.required', { label: t('complaints.fields.vehicle') })] }]);
      void message.error(t('form.fixErrors'));
      return;
    }
    const labels = { startsAt: t('complaints.book.slot'), 'requestedWork.0.description': t('complaints.book.work') };
    if (applyZodErrors(form, complaintBookingSchema, input, { labels, aliases: { requestedWork: 'description', version: 'startsAt' } })) {
      void message.error(t('form.fixErrors'));
      return;
    }
    setSaving(true);
    setAlternatives(null);
    try {
      const saved = await complaintsApi.book(complaint.id, input, idempotency.keyFor(input));
      idempotency.reset();
      update.saved(saved.complaint);
      refreshAppointments(saved.appointment);
      void message.success(t('complaints.book.booked', { number: saved.appointment.number, time: formatDateTime(saved.appointment.startsAt) }));
      onClose();
    } catch (error) {
      const full = slotFullAlternatives(error);
      if (full) {
        setAlternatives(full);
        form.setFieldValue('startsAt', null);
        refreshAppointments();
        return;
      }
      if (update.failed(complaint.id, error, form) === 'reloaded') onClose();
    } finally {
      setSaving(false);
    }
  }

  function bookInstead(slot: SlotDto) {
    form.setFieldValue('startsAt', slot.startsAt);
    void submit({ ...form.getFieldsValue(true), startsAt: slot.startsAt });
  }

  const defaultDescription = t('complaints.book.defaultWork', { number: complaint.number });

  return (
    <Drawer
      open={open}
      onClose={() => !saving && onClose()}
      size={screens.lg ? 820 : '100%'}
      destroyOnHidden
      title={
        <Space wrap size={8}>
          <CalendarOutlined />
          {t('complaints.book.title', { name: complaint.customer.name })}
        </Space>
      }
      footer={
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
          <Typography.Text style={{ flex: 1 }} data-testid="chosen-slot">
            {startsAt ? t('booking.chosenSlot', { time: formatDateTime(startsAt) }) : t('booking.noSlotYet')}
          </Typography.Text>
          <Button size="large" onClick={onClose} disabled={saving}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" size="large" icon={<CalendarOutlined />} loading={saving} onClick={() => form.submit()} data-testid="complaint-book-submit">
            {t('complaints.book.submit')}
          </Button>
        </div>
      }
    >
      <div data-testid="complaint-book-drawer">
        <Form<Values>
          form={form}
          layout="vertical"
          scrollToFirstError
          initialValues={{
            vehicleId: complaint.vehicle?.id ?? null,
            kind: 'repair',
            description: defaultDescription.slice(0, 200),
            durationMinutes: 60,
            customerWords: complaint.customerWords.slice(0, 1000),
            notes: '',
            startsAt: null,
          }}
          onFinish={(values) => void submit({ ...form.getFieldsValue(true), ...values })}
          onFinishFailed={() => void message.error(t('form.fixErrors'))}
        >
          <Form.Item name="vehicleId" label={t('complaints.fields.vehicle')} required>
            {complaint.vehicle ? (
              <Select disabled options={[{ value: complaint.vehicle.id, label: [formatPlate(complaint.vehicle.plate), complaint.vehicle.model].filter(Boolean).join(' · ') }]} />
            ) : (
              <Select
                loading={vehicles.isPending}
                placeholder={vehicles.data?.length === 0 ? t('complaints.book.noVehicle') : t('complaints.intake.vehiclePlaceholder')}
                options={(vehicles.data ?? []).map((v) => ({ value: v.id, label: [formatPlate(v.plate), v.modelName].filter(Boolean).join(' · ') }))}
                data-testid="complaint-book-vehicle"
              />
            )}
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={16}>
              <Form.Item label={t('complaints.book.work')} required style={{ marginBottom: 0 }}>
                <div style={{ display: 'flex', gap: 8 }}>
                  <Form.Item name="kind" noStyle>
                    <Radio.Group optionType="button" buttonStyle="solid" options={(['repair', 'maintenance'] as const).map((k) => ({ value: k, label: t(`appointment.workKinds.${k}`) }))} />
                  </Form.Item>
                  <Form.Item name="description" style={{ flex: 1 }} rules={[zodRule(workShape.description, { label: t('complaints.book.work'), toInput: (v) => (typeof v === 'string' ? v.trim() : '') })]}>
                    <Input maxLength={200} data-testid="complaint-book-work" />
                  </Form.Item>
                </div>
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="durationMinutes" label={t('booking.duration')} rules={[zodRule(shape.durationMinutes)]}>
                <Select options={DURATIONS.map((m) => ({ value: m, label: t('appointment.minutes', { count: m }) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="customerWords" label={t('appointment.customerWords')} rules={[zodRule(shape.customerWords, { toInput: (v) => (typeof v === 'string' && v.trim() ? v : null) })]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="notes" label={t('complaints.book.notes')} rules={[zodRule(shape.notes, { toInput: (v) => (typeof v === 'string' && v.trim() ? v : null) })]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="startsAt" label={t('complaints.book.slot')} required rules={[zodRule(shape.startsAt, { label: t('complaints.book.slot'), toInput: (v) => v ?? '' })]}>
            <AvailabilityPicker />
          </Form.Item>
          {alternatives && <SlotAlternatives alternatives={alternatives} onPick={bookInstead} />}
        </Form>
      </div>
    </Drawer>
  );
}
