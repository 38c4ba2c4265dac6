import { bookingSettingsSchema } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Skeleton, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appointmentKeys, appointmentsApi, type BookingSettingsDto, useBookingSettings } from '../../api/appointments';
import { applyProblemToForm } from '../../api/problems';
import { zodRule } from '../../components/form/zodRule';
import { ErrorState } from '../../components/PageState';
import { YuanInput } from '../../components/YuanInput';

const TIME_FIELDS = ['opensAt', 'closesAt', 'confirmationSmsAt', 'assignmentDeadline', 'quietHoursStart', 'quietHoursEnd'] as const;
type TimeField = (typeof TIME_FIELDS)[number];
type Values = Omit<BookingSettingsDto, TimeField | 'capacityRatio' | 'bookingIncentiveFen'> &
  Record<TimeField, Dayjs | null> & { capacityPercent: number; bookingIncentiveYuan: number };

const shape = bookingSettingsSchema.shape;
const hhmm = (v: unknown) => (dayjs.isDayjs(v) ? v.format('HH:mm') : '');

function toValues(s: BookingSettingsDto): Values {
  const times = Object.fromEntries(TIME_FIELDS.map((f) => [f, dayjs(`2000-01-01T${s[f]}`)])) as Record<TimeField, Dayjs>;
  return { ...s, ...times, capacityPercent: Math.round(s.capacityRatio * 1000) / 10, bookingIncentiveYuan: s.bookingIncentiveFen / 100 };
}

function toDto(v: Values): BookingSettingsDto {
  const times = Object.fromEntries(TIME_FIELDS.map((f) => [f, hhmm(v[f])])) as Record<TimeField, string>;
  return {
    ...times,
    slotMinutes: v.slotMinutes,
    capacityRatio: Math.round(v.capacityPercent * 10) / 1000,
    onTimeWindowMinutes: v.onTimeWindowMinutes,
    noShowGraceMinutes: v.noShowGraceMinutes,
    saCallLeadMinutes: v.saCallLeadMinutes,
    keptLabourDiscountPercent: v.keptLabourDiscountPercent,
    dedicatedLane: v.dedicatedLane,
    apologyGift: (v.apologyGift ?? '').trim(),
    noShowForfeitCount: v.noShowForfeitCount,
    noShowForfeitMonths: v.noShowForfeitMonths,
    bookingIncentiveFen: Math.round((v.bookingIncentiveYuan ?? 0) * 100),
  };
}

/** 预约设置: opening hours, slot length, capacity ratio, the confirmation and reminder times, the benefits of booking. */
export function BookingSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useBookingSettings();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toValues(settings.data));
  }, [settings.data, form]);

  async function submit(values: Values) {
    if (!settings.data) return;
    const next = toDto(values);
    const patch = Object.fromEntries(
      Object.entries(next).filter(([k, v]) => settings.data[k as keyof BookingSettingsDto] !== v),
    ) as Partial<BookingSettingsDto>;
    if (Object.keys(patch).length === 0) return void message.info(t('customer.noChanges'));
    setSaving(true);
    try {
      const saved = await appointmentsApi.updateSettings(patch);
      queryClient.setQueryData(appointmentKeys.settings, saved);
      void queryClient.invalidateQueries({ queryKey: ['availability'] });
      void queryClient.invalidateQueries({ queryKey: ['roster'] });
      void message.success(t('settings.saved'));
    } catch (error) {
      for (const text of applyProblemToForm(form, error, { capacityRatio: 'capacityPercent', bookingIncentiveFen: 'bookingIncentiveYuan' }))
        void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  const time = (name: TimeField, extra?: string) => (
    <Col xs={24} sm={12} lg={8}>
      <Form.Item
        name={name}
        label={t(`settings.fields.${name}`)}
        extra={extra}
        rules={[zodRule(shape[name], { label: t(`settings.fields.${name}`), toInput: hhmm })]}
      >
        <TimePicker
          format="HH:mm"
          minuteStep={5}
          inputReadOnly
          allowClear={false}
          style={{ width: '100%' }}
          data-testid={`settings-${name}`}
        />
      </Form.Item>
    </Col>
  );
  const minutes = (name: 'slotMinutes' | 'onTimeWindowMinutes' | 'noShowGraceMinutes' | 'saCallLeadMinutes', extra?: string) => (
    <Col xs={24} sm={12} lg={8}>
      <Form.Item
        name={name}
        label={t(`settings.fields.${name}`)}
        extra={extra}
        rules={[zodRule(shape[name], { label: t(`settings.fields.${name}`), toInput: (v) => v ?? undefined })]}
      >
        <InputNumber<number>
          min={0}
          precision={0}
          suffix={t('settings.minutesUnit')}
          style={{ width: '100%' }}
          data-testid={`settings-${name}`}
        />
      </Form.Item>
    </Col>
  );

  const whole = (
    name: 'keptLabourDiscountPercent' | 'noShowForfeitCount' | 'noShowForfeitMonths',
    suffix: string | null,
    extra?: string,
  ) => (
    <Col xs={24} sm={12} lg={8}>
      <Form.Item
        name={name}
        label={t(`settings.fields.${name}`)}
        extra={extra}
        rules={[zodRule(shape[name], { label: t(`settings.fields.${name}`), toInput: (v) => v ?? undefined })]}
      >
        <InputNumber<number>
          min={0}
          precision={0}
          suffix={suffix ?? undefined}
          style={{ width: '100%' }}
          data-testid={`settings-${name}`}
        />
      </Form.Item>
    </Col>
  );

  return (
    <Card title={t('settings.bookingTitle')} data-testid="booking-settings">
      {settings.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          onFinishFailed={() => void message.error(t('form.fixErrors'))}
        >
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('settings.sectionHours')}
          </Typography.Title>
          <Row gutter={16}>
            {time('opensAt')}
            {time('closesAt')}
            {minutes('slotMinutes')}
          </Row>
          <Typography.Title level={5}>{t('settings.sectionCapacity')}</Typography.Title>
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item
                name="capacityPercent"
                label={t('settings.fields.capacityRatio')}
                extra={t('settings.capacityRatioHint')}
                rules={[
                  zodRule(shape.capacityRatio, {
                    label: t('settings.fields.capacityRatio'),
                    toInput: (v) => (typeof v === 'number' ? v / 100 : undefined),
                  }),
                ]}
              >
                <InputNumber<number> min={1} max={100} precision={1} suffix="%" style={{ width: '100%' }} data-testid="settings-capacity" />
              </Form.Item>
            </Col>
            {minutes('onTimeWindowMinutes', t('settings.onTimeHint'))}
            {minutes('noShowGraceMinutes', t('settings.noShowHint'))}
          </Row>
          <Typography.Title level={5}>{t('settings.sectionConfirmations')}</Typography.Title>
          <Row gutter={16}>
            {time('confirmationSmsAt', t('settings.smsHint'))}
            {time('assignmentDeadline', t('settings.deadlineHint'))}
            {minutes('saCallLeadMinutes', t('settings.callLeadHint'))}
            {time('quietHoursStart', t('settings.quietHint'))}
            {time('quietHoursEnd')}
          </Row>
          <Typography.Title level={5}>{t('settings.sectionBenefits')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('settings.benefitsHint')}</Typography.Paragraph>
          <Row gutter={16}>
            {whole('keptLabourDiscountPercent', '%', t('settings.discountHint'))}
            <Col xs={24} sm={12} lg={8}>
              <Form.Item
                name="dedicatedLane"
                label={t('settings.fields.dedicatedLane')}
                extra={t('settings.laneHint')}
                valuePropName="checked"
              >
                <Switch data-testid="settings-dedicatedLane" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item
                name="apologyGift"
                label={t('settings.fields.apologyGift')}
                extra={t('settings.giftHint')}
                rules={[zodRule(shape.apologyGift, { label: t('settings.fields.apologyGift') })]}
              >
                <Input maxLength={40} allowClear data-testid="settings-apologyGift" />
              </Form.Item>
            </Col>
            {whole('noShowForfeitCount', null, t('settings.forfeitHint'))}
            {whole('noShowForfeitMonths', t('settings.monthsUnit'))}
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="bookingIncentiveYuan" label={t('settings.fields.bookingIncentiveFen')} extra={t('settings.incentiveHint')}>
                <YuanInput size="middle" max={1000} data-testid="settings-bookingIncentive" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" size="large" htmlType="submit" loading={saving} data-testid="settings-save">
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
