import { CalendarOutlined } from '@ant-design/icons';
import { callBookingSchema, type Appointment } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Drawer, Form, Grid, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isVersionConflict, slotFullAlternatives, type SlotDto } from '../../api/appointments';
import { followUpApi, followUpKeys, type CallBookingInput, type CallScreen, type FollowUpTask } from '../../api/followUp';
import { applyProblemToForm } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { AvailabilityPicker } from '../appointments/AvailabilityPicker';
import { SlotAlternatives } from '../appointments/SlotAlternatives';
import { useRefreshAppointments } from '../appointments/useAppointmentCache';
import { defaultWorkKey } from './followUp';

type Values = {
  kind: 'maintenance' | 'repair';
  description: string;
  durationMinutes: number;
  customerWords: string;
  notes: string;
  startsAt: string | null;
};

const shape = callBookingSchema.shape;
const workShape = shape.requestedWork.element.shape;
const DURATIONS = [30, 60, 90, 120, 180, 240];

function toInput(v: Values, version: number): CallBookingInput {
  return {
    version,
    startsAt: v.startsAt ?? '',
    durationMinutes: v.durationMinutes,
    requestedWork: [{ kind: v.kind, description: (v.description ?? '').trim() }],
    customerWords: v.customerWords?.trim() || null,
    notes: v.notes?.trim() || null,
  };
}

type Props = { open: boolean; screen: CallScreen; onClose: () => void; onBooked: (task: FollowUpTask, appointment: Appointment) => void };

/** 预约进厂 from the call: a slot with seats left, through the same capacity rules as any booking. */
export function BookFromCallDrawer({ open, screen, onClose, onBooked }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const queryClient = useQueryClient();
  const refreshAppointments = useRefreshAppointments();
  const [form] = Form.useForm<Values>();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  const [alternatives, setAlternatives] = useState<SlotDto[] | null>(null);
  const startsAt = Form.useWatch('startsAt', form);
  const { task } = screen;

  useEffect(() => {
    if (open) setAlternatives(null);
  }, [open]);

  async function submit(values: Values) {
    const input = toInput(values, task.version);
    const labels = { startsAt: t('followUp.booking.slot'), 'requestedWork.0.description': t('followUp.booking.work') };
    if (applyZodErrors(form, callBookingSchema, input, { labels, aliases: { requestedWork: 'description', version: 'startsAt' } })) {
      void message.error(t('form.fixErrors'));
      return;
    }
    setSaving(true);
    setAlternatives(null);
    try {
      const saved = await followUpApi.book(task.id, input, idempotency.keyFor(input));
      idempotency.reset();
      void message.success(t('followUp.booking.booked', { number: saved.appointment.number, time: formatDateTime(saved.appointment.startsAt) }));
      refreshAppointments(saved.appointment);
      void queryClient.invalidateQueries({ queryKey: followUpKeys.all });
      onBooked(saved.task, saved.appointment);
    } catch (error) {
      const full = slotFullAlternatives(error);
      if (full) {
        setAlternatives(full);
        form.setFieldValue('startsAt', null);
        refreshAppointments();
        return;
      }
      if (isVersionConflict(error)) {
        void message.warning(t('followUp.call.conflict'));
        void queryClient.invalidateQueries({ queryKey: followUpKeys.task(task.id) });
        onClose();
        return;
      }
      for (const text of applyProblemToForm(form, error, { 'requestedWork.0.description': 'description' })) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  function bookInstead(slot: SlotDto) {
    form.setFieldValue('startsAt', slot.startsAt);
    void submit({ ...form.getFieldsValue(true), startsAt: slot.startsAt });
  }

  return (
    <Drawer
      open={open}
      onClose={() => !saving && onClose()}
      size={screens.lg ? 820 : '100%'}
      destroyOnHidden
      title={
        <Space wrap size={8}>
          <CalendarOutlined />
          {t('followUp.booking.title', { name: screen.customer.name, plate: screen.vehicle?.plate ?? '' })}
        </Space>
      }
      data-testid="book-from-call-drawer"
      footer={
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
          <Typography.Text style={{ flex: 1 }} data-testid="chosen-slot">
            {startsAt ? t('booking.chosenSlot', { time: formatDateTime(startsAt) }) : t('booking.noSlotYet')}
          </Typography.Text>
          <Button size="large" onClick={onClose} disabled={saving}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" size="large" icon={<CalendarOutlined />} loading={saving} onClick={() => form.submit()} data-testid="book-from-call-submit">
            {t('followUp.booking.submit')}
          </Button>
        </div>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical" scrollToFirstError
        initialValues={{ kind: 'maintenance', description: t(`followUp.booking.defaultWork.${defaultWorkKey(task.rule)}`), durationMinutes: 60, customerWords: '', notes: '', startsAt: null }}
        onFinish={(values) => void submit({ ...form.getFieldsValue(true), ...values })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item label={t('followUp.booking.work')} required style={{ marginBottom: 0 }}>
              <div style={{ display: 'flex', gap: 8 }}>
                <Form.Item name="kind" noStyle>
                  <Radio.Group optionType="button" buttonStyle="solid" options={(['maintenance', 'repair'] as const).map((k) => ({ value: k, label: t(`appointment.workKinds.${k}`) }))} />
                </Form.Item>
                <Form.Item name="description" style={{ flex: 1 }} rules={[zodRule(workShape.description, { label: t('followUp.booking.work'), toInput: (v) => (typeof v === 'string' ? v.trim() : '') })]}>
                  <Input maxLength={200} data-testid="booking-work" />
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
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} data-testid="booking-customer-words" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="notes" label={t('followUp.booking.notes')} rules={[zodRule(shape.notes, { toInput: (v) => (typeof v === 'string' && v.trim() ? v : null) })]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} data-testid="booking-notes" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="startsAt" label={t('followUp.booking.slot')} required rules={[zodRule(shape.startsAt, { label: t('followUp.booking.slot'), toInput: (v) => v ?? '' })]}>
          <AvailabilityPicker />
        </Form.Item>
        {alternatives && <SlotAlternatives alternatives={alternatives} onPick={bookInstead} />}
      </Form>
    </Drawer>
  );
}
