import { CalendarOutlined } from '@ant-design/icons';
import { callBookingSchema } from '@servicebay/contracts';
import { App, Button, Col, Drawer, Form, type FormInstance, Grid, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { type SlotDto, sameDayAppointment, slotFullAlternatives } from '../../api/appointments';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { AvailabilityPicker } from './AvailabilityPicker';
import { SlotAlternatives } from './SlotAlternatives';
import { useRefreshAppointments } from './useAppointmentCache';
import { useConfirmSameDay } from './useConfirmSameDay';

/** The fields every "book a slot for this customer" drawer has (the call's and the complaint's). */
export type BookingValues = {
  kind: 'maintenance' | 'repair';
  description: string;
  durationMinutes: number;
  customerWords: string;
  notes: string;
  startsAt: string | null;
};

/** Both bookings (from a call, for a complaint) share the call booking's field rules. */
const shape = callBookingSchema.shape;
const workShape = shape.requestedWork.element.shape;
const DURATIONS = [30, 60, 90, 120, 180, 240];

type Labels = { work: string; notes: string; slot: string };

/** The booking request from the form's values: one piece of requested work, empty texts as null. */
export function bookingInput(v: BookingValues) {
  return {
    startsAt: v.startsAt ?? '',
    durationMinutes: v.durationMinutes,
    requestedWork: [{ kind: v.kind, description: (v.description ?? '').trim() }],
    customerWords: v.customerWords?.trim() || null,
    notes: v.notes?.trim() || null,
  };
}

/**
 * A booking drawer's form, idempotency key, saving state and the "slot just went full" answer
 * (409 slot_full: the nearest free slots are offered, the chosen slot is cleared).
 */
export function useBookingDrawer<V extends BookingValues>(open: boolean) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const anyForm: FormInstance = form;
  const idempotency = useIdempotencyKey();
  const { message } = App.useApp();
  const refreshAppointments = useRefreshAppointments();
  const [saving, setSaving] = useState(false);
  const [alternatives, setAlternatives] = useState<SlotDto[] | null>(null);
  const confirmSameDay = useConfirmSameDay();

  useEffect(() => {
    if (open) setAlternatives(null);
  }, [open]);

  /** The whole request checked against its contract; true (and the problems shown) when it is refused. */
  function invalid(schema: z.ZodType, input: unknown, labels: Pick<Labels, 'work' | 'slot'>): boolean {
    const fieldLabels = { startsAt: labels.slot, 'requestedWork.0.description': labels.work };
    if (applyZodErrors(anyForm, schema, input, { labels: fieldLabels, aliases: { requestedWork: 'description', version: 'startsAt' } })) {
      void message.error(t('form.fixErrors'));
      return true;
    }
    return false;
  }

  /**
   * Sends the booking (under one idempotency key until it is saved); a full slot and a car already
   * booked that day (asked, then sent again with `confirmDuplicate`) are handled here, other refusals by `onFailed`.
   */
  async function book<I extends object, T>(
    input: I,
    send: (input: I, idempotencyKey: string) => Promise<T>,
    onSaved: (saved: T) => void,
    onFailed: (error: unknown) => void,
  ): Promise<void> {
    setSaving(true);
    setAlternatives(null);
    try {
      const saved = await send(input, idempotency.keyFor(input));
      idempotency.reset();
      onSaved(saved);
    } catch (error) {
      const full = slotFullAlternatives(error);
      if (full) {
        setAlternatives(full);
        anyForm.setFieldValue('startsAt', null);
        refreshAppointments();
        return;
      }
      if (sameDayAppointment(error)) {
        setSaving(false);
        if (await confirmSameDay(error)) await book({ ...input, confirmDuplicate: true }, send, onSaved, onFailed);
        return;
      }
      onFailed(error);
    } finally {
      setSaving(false);
    }
  }

  return { form, saving, alternatives, invalid, book, refreshAppointments };
}

type Props<V extends BookingValues> = {
  open: boolean;
  onClose: () => void;
  /** From `useBookingDrawer`: the form, whether it is saving, the alternatives to a full slot. */
  booking: { form: FormInstance<V>; saving: boolean; alternatives: SlotDto[] | null };
  title: ReactNode;
  submitLabel: string;
  submitTestId: string;
  /** On the Drawer itself (it then holds the footer too). */
  drawerTestId?: string;
  /** On a wrapper around the form only. */
  formTestId?: string;
  initialValues: V;
  onSubmit: (values: V) => void;
  labels: Labels;
  /** The work kinds in the order offered (the usual one first). */
  kinds: readonly BookingValues['kind'][];
  testIds: { work: string; customerWords?: string; notes?: string };
  /** Fields above the work (e.g. the vehicle). */
  children?: ReactNode;
};

/** A drawer to book a slot with seats left: the work, how long, the customer's words, notes, the slot. */
export function BookingDrawer<V extends BookingValues>({
  open,
  onClose,
  booking: { form, saving, alternatives },
  title,
  submitLabel,
  submitTestId,
  drawerTestId,
  formTestId,
  initialValues,
  onSubmit,
  labels,
  kinds,
  testIds,
  children,
}: Props<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const anyForm: FormInstance = form;
  const startsAt: BookingValues['startsAt'] | undefined = Form.useWatch('startsAt', anyForm);

  function bookInstead(slot: SlotDto) {
    anyForm.setFieldValue('startsAt', slot.startsAt);
    onSubmit({ ...form.getFieldsValue(true), startsAt: slot.startsAt });
  }

  const body = (
    <Form<V>
      form={form}
      layout="vertical"
      scrollToFirstError
      initialValues={initialValues}
      onFinish={(values) => onSubmit({ ...form.getFieldsValue(true), ...values })}
      onFinishFailed={() => void message.error(t('form.fixErrors'))}
    >
      {children}
      <Row gutter={12}>
        <Col xs={24} md={16}>
          <Form.Item label={labels.work} required style={{ marginBottom: 0 }}>
            <div style={{ display: 'flex', gap: 8 }}>
              <Form.Item name="kind" noStyle>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={kinds.map((k) => ({ value: k, label: t(`appointment.workKinds.${k}`) }))}
                />
              </Form.Item>
              <Form.Item
                name="description"
                style={{ flex: 1 }}
                rules={[zodRule(workShape.description, { label: labels.work, toInput: (v) => (typeof v === 'string' ? v.trim() : '') })]}
              >
                <Input maxLength={200} data-testid={testIds.work} />
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
          <Form.Item
            name="customerWords"
            label={t('appointment.customerWords')}
            rules={[zodRule(shape.customerWords, { toInput: (v) => (typeof v === 'string' && v.trim() ? v : null) })]}
          >
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} data-testid={testIds.customerWords} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="notes"
            label={labels.notes}
            rules={[zodRule(shape.notes, { toInput: (v) => (typeof v === 'string' && v.trim() ? v : null) })]}
          >
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} data-testid={testIds.notes} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="startsAt"
        label={labels.slot}
        required
        rules={[zodRule(shape.startsAt, { label: labels.slot, toInput: (v) => v ?? '' })]}
      >
        <AvailabilityPicker />
      </Form.Item>
      {alternatives && <SlotAlternatives alternatives={alternatives} onPick={bookInstead} />}
    </Form>
  );

  return (
    <Drawer
      open={open}
      onClose={() => !saving && onClose()}
      size={screens.lg ? 820 : '100%'}
      destroyOnHidden
      title={
        <Space wrap size={8}>
          <CalendarOutlined />
          {title}
        </Space>
      }
      data-testid={drawerTestId}
      footer={
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
          <Typography.Text style={{ flex: 1 }} data-testid="chosen-slot">
            {startsAt ? t('booking.chosenSlot', { time: formatDateTime(startsAt) }) : t('booking.noSlotYet')}
          </Typography.Text>
          <Button size="large" onClick={onClose} disabled={saving}>
            {t('common.cancel')}
          </Button>
          <Button
            type="primary"
            size="large"
            icon={<CalendarOutlined />}
            loading={saving}
            onClick={() => form.submit()}
            data-testid={submitTestId}
          >
            {submitLabel}
          </Button>
        </div>
      }
    >
      {formTestId ? <div data-testid={formTestId}>{body}</div> : body}
    </Drawer>
  );
}
