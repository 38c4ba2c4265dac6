import { ArrowLeftOutlined, CalendarOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { type AppointmentInput, appointmentInputSchema } from '@servicebay/contracts';
import { App, Button, Card, Col, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { appointmentsApi, type SlotDto, sameDayAppointment, slotFullAlternatives, useServiceAdvisors } from '../../api/appointments';
import { applyProblemToForm } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { dealerDateOf } from '../../components/dealerTime';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { zodRule } from '../../components/form/zodRule';
import { useTellDelivery } from '../messages/MessageDelivery';
import { AvailabilityPicker } from './AvailabilityPicker';
import { type PartLine, PartsEditor } from './PartsEditor';
import { SlotAlternatives } from './SlotAlternatives';
import { useRefreshAppointments } from './useAppointmentCache';
import { useConfirmSameDay } from './useConfirmSameDay';
import { usePreselectedVehicle } from './usePreselectedVehicle';
import { type PickedVehicle, VehicleFinder } from './VehicleFinder';

type Channel = AppointmentInput['channel'];
type Values = {
  vehicleId: string | null;
  requestedWork: { kind: 'maintenance' | 'repair'; description: string }[];
  customerWords: string;
  preferredSaId: string | null;
  channel: Channel;
  durationMinutes: number;
  parts: PartLine[];
  startsAt: string | null;
};

const shape = appointmentInputSchema.shape;
const workItem = shape.requestedWork.element.shape;
const CHANNELS: Channel[] = ['phone', 'walk_in_desk', 'proactive_call', 'web'];
const DURATIONS = [30, 60, 90, 120, 180, 240, 360, 480];

function toInput(v: Values): AppointmentInput {
  return {
    vehicleId: v.vehicleId ?? '',
    startsAt: v.startsAt ?? '',
    durationMinutes: v.durationMinutes,
    requestedWork: (v.requestedWork ?? []).map((w) => ({ kind: w.kind, description: (w.description ?? '').trim() })),
    customerWords: v.customerWords?.trim() || null,
    preferredSaId: v.preferredSaId ?? null,
    channel: v.channel,
    parts: v.parts ?? [],
  };
}

/** 新建预约: the car, what needs doing, parts, and a slot with seats left. */
export function NewAppointmentPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tellDelivery = useTellDelivery();
  const navigate = useNavigate();
  const refresh = useRefreshAppointments();
  const advisors = useServiceAdvisors();
  const [form] = Form.useForm<Values>();
  const idempotency = useIdempotencyKey();
  const [picked, setPicked] = useState<PickedVehicle | null>(null);
  usePreselectedVehicle((vehicle) => {
    setPicked(vehicle);
    form.setFieldValue('vehicleId', vehicle.id);
  });
  const [saving, setSaving] = useState(false);
  const [alternatives, setAlternatives] = useState<SlotDto[] | null>(null);
  const startsAt = Form.useWatch('startsAt', form);
  const confirmSameDay = useConfirmSameDay();

  /** `confirmDuplicate`: the person confirmed a second appointment of the car that day. */
  async function submit(values: Values, confirmDuplicate = false) {
    const input: AppointmentInput = { ...toInput(values), ...(confirmDuplicate ? { confirmDuplicate: true } : {}) };
    setSaving(true);
    setAlternatives(null);
    try {
      const saved = await appointmentsApi.book(input, idempotency.keyFor(input));
      idempotency.reset();
      void message.success(t('booking.booked', { number: saved.number, time: formatDateTime(saved.startsAt) }));
      // The confirmation SMS as it really goes: sending, queued for the quiet hours, or not sent (then: call).
      tellDelivery(saved.message, saved.customer.mobile);
      refresh(saved);
      void navigate(`/appointments?date=${dealerDateOf(saved.startsAt)}&highlight=${saved.id}`);
    } catch (error) {
      const full = slotFullAlternatives(error);
      if (full) {
        setAlternatives(full);
        form.setFieldValue('startsAt', null);
        refresh();
        return;
      }
      if (sameDayAppointment(error)) {
        setSaving(false);
        if (await confirmSameDay(error)) await submit(values, true);
        return;
      }
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  function bookInstead(slot: SlotDto) {
    form.setFieldValue('startsAt', slot.startsAt);
    void submit({ ...form.getFieldsValue(true), startsAt: slot.startsAt });
  }

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <Button type="text" size="large" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={() => void navigate(-1)} />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('booking.title')}
        </Typography.Title>
      </div>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        scrollToFirstError
        initialValues={{
          vehicleId: null,
          requestedWork: [{ kind: 'maintenance', description: '' }],
          customerWords: '',
          preferredSaId: null,
          channel: 'phone',
          durationMinutes: 60,
          parts: [],
          startsAt: null,
        }}
        onFinish={(values) => void submit({ ...form.getFieldsValue(true), ...values })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
        data-testid="booking-form"
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
              <Card title={t('booking.vehicleStep')}>
                <Form.Item
                  name="vehicleId"
                  required
                  rules={[zodRule(shape.vehicleId, { label: t('booking.vehicle'), toInput: (v) => v ?? '' })]}
                  style={{ marginBottom: 0 }}
                >
                  <VehicleFinder picked={picked} onPicked={setPicked} />
                </Form.Item>
              </Card>
              <Card title={t('booking.workStep')}>
                <Form.List name="requestedWork">
                  {(fields, { add, remove }) => (
                    <div style={{ display: 'grid', gap: 8 }}>
                      {fields.map((field) => (
                        <div key={field.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }} data-testid="work-row">
                          <Form.Item name={[field.name, 'kind']} style={{ marginBottom: 8 }}>
                            <Radio.Group
                              optionType="button"
                              buttonStyle="solid"
                              options={(['maintenance', 'repair'] as const).map((k) => ({
                                value: k,
                                label: t(`appointment.workKinds.${k}`),
                              }))}
                            />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, 'description']}
                            style={{ flex: 1, marginBottom: 8 }}
                            rules={[
                              zodRule(workItem.description, {
                                label: t('booking.workDescription'),
                                toInput: (v) => (typeof v === 'string' ? v.trim() : ''),
                              }),
                            ]}
                          >
                            <Input placeholder={t('booking.workPlaceholder')} maxLength={200} data-testid="work-description" />
                          </Form.Item>
                          <Button
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            disabled={fields.length <= 1}
                            onClick={() => remove(field.name)}
                            aria-label={t('booking.removeWork')}
                          />
                        </div>
                      ))}
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => add({ kind: 'repair', description: '' })}
                        disabled={fields.length >= 20}
                      >
                        {t('booking.addWork')}
                      </Button>
                    </div>
                  )}
                </Form.List>
                <Form.Item
                  name="customerWords"
                  label={t('appointment.customerWords')}
                  extra={t('booking.customerWordsHint')}
                  rules={[zodRule(shape.customerWords, { toInput: (v) => (typeof v === 'string' && v.trim() ? v : null) })]}
                  style={{ marginTop: 16 }}
                >
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} showCount data-testid="customer-words" />
                </Form.Item>
              </Card>
              <Card title={t('booking.detailsStep')}>
                <Row gutter={12}>
                  <Col xs={24} sm={12}>
                    <Form.Item name="preferredSaId" label={t('appointment.preferredSa')}>
                      <Select<string>
                        allowClear
                        loading={advisors.isPending}
                        placeholder={t('booking.anySa')}
                        options={(advisors.data ?? []).map((sa) => ({ value: sa.id, label: sa.name }))}
                        data-testid="preferred-sa"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item name="durationMinutes" label={t('booking.duration')} rules={[zodRule(shape.durationMinutes)]}>
                      <Select options={DURATIONS.map((m) => ({ value: m, label: t('appointment.minutes', { count: m }) }))} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="channel" label={t('appointment.channel')}>
                  <Radio.Group optionType="button" options={CHANNELS.map((c) => ({ value: c, label: t(`appointment.channels.${c}`) }))} />
                </Form.Item>
                <Form.Item name="parts" label={t('appointment.parts')} rules={[zodRule(shape.parts)]} style={{ marginBottom: 0 }}>
                  <PartsEditor />
                </Form.Item>
              </Card>
            </div>
          </Col>
          <Col xs={24} xl={12}>
            <Card
              title={
                <span>
                  <CalendarOutlined /> {t('booking.slotStep')}
                </span>
              }
              style={{ position: 'sticky', top: 80 }}
            >
              <Form.Item name="startsAt" required rules={[zodRule(shape.startsAt, { label: t('booking.slot'), toInput: (v) => v ?? '' })]}>
                <AvailabilityPicker />
              </Form.Item>
              {alternatives && (
                <div style={{ marginBottom: 16 }}>
                  <SlotAlternatives alternatives={alternatives} onPick={bookInstead} />
                </div>
              )}
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
                <Typography.Text style={{ flex: 1 }} data-testid="chosen-slot">
                  {startsAt ? t('booking.chosenSlot', { time: formatDateTime(startsAt) }) : t('booking.noSlotYet')}
                </Typography.Text>
                <Button
                  type="primary"
                  size="large"
                  htmlType="submit"
                  loading={saving}
                  icon={<CalendarOutlined />}
                  data-testid="book-submit"
                >
                  {t('booking.submit')}
                </Button>
              </div>
            </Card>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
