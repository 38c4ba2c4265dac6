import { type MileageInput, mileageInputSchema } from '@servicebay/contracts';
import { MILEAGE_SOURCES } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Col, DatePicker, Form, InputNumber, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customerKeys } from '../../api/customers';
import { followUpKeys } from '../../api/followUp';
import { applyProblemToForm } from '../../api/problems';
import { type MileageReading, vehicleKeys, vehiclesApi } from '../../api/vehicles';
import { dealerToday } from '../../components/DateText';
import { toIsoDate } from '../../components/form/dates';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { zodRule } from '../../components/form/zodRule';
import { OdometerLowerHint } from './OdometerLowerHint';

type Values = { readOn: Dayjs | null; km: number | null; source: MileageInput['source']; odometerReplaced: boolean };

const shape = mileageInputSchema.shape;

/** 记录里程: date, km, where the reading came from, and whether the odometer was replaced. */
export function MileageForm({ vehicleId, latest }: { vehicleId: string; latest: MileageReading | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  const replaced = Form.useWatch('odometerReplaced', form);
  const km = Form.useWatch('km', form);

  const odometerReplaced = (
    <>
      <Form.Item name="odometerReplaced" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Checkbox data-testid="odometer-replaced">{t('mileage.odometerReplaced')}</Checkbox>
      </Form.Item>
      <Typography.Paragraph type={replaced ? 'warning' : 'secondary'} style={{ fontSize: 13, marginBottom: 8 }}>
        {t('mileage.odometerReplacedHelp')}
      </Typography.Paragraph>
    </>
  );

  async function submit(values: Values) {
    const input: MileageInput = {
      readOn: toIsoDate(values.readOn) ?? '',
      km: values.km ?? 0,
      source: values.source,
      odometerReplaced: !!values.odometerReplaced,
    };
    setSaving(true);
    try {
      await vehiclesApi.addMileage(vehicleId, input, idempotency.keyFor(input));
      idempotency.reset();
      void message.success(t('mileage.recorded', { km: input.km.toLocaleString() }));
      form.setFieldsValue({ km: null, odometerReplaced: false });
      form.setFields([{ name: 'km', errors: [] }]);
      void queryClient.invalidateQueries({ queryKey: vehicleKeys.detail(vehicleId) });
      void queryClient.invalidateQueries({ queryKey: followUpKeys.prediction(vehicleId) });
      void queryClient.invalidateQueries({ queryKey: customerKeys.all });
    } catch (error) {
      const rest = applyProblemToForm(form, error);
      for (const text of rest) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ readOn: dealerToday(), km: null, source: 'service_visit', odometerReplaced: false }}
      onFinish={(values) => void submit(values)}
      data-testid="mileage-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={12} lg={24} xxl={12}>
          <Form.Item
            name="readOn"
            label={t('mileage.readOn')}
            required
            rules={[zodRule(shape.readOn, { label: t('mileage.readOn'), toInput: (v) => toIsoDate(v) ?? undefined })]}
          >
            <DatePicker style={{ width: '100%' }} inputReadOnly allowClear={false} disabledDate={(d) => d.isAfter(dealerToday(), 'day')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={24} xxl={12}>
          <Form.Item
            name="km"
            label={t('mileage.km')}
            required
            rules={[zodRule(shape.km, { label: t('mileage.km'), toInput: (v) => (v === null ? undefined : v) })]}
            extra={latest ? t('mileage.latest', { km: latest.km.toLocaleString(), date: latest.readOn }) : undefined}
          >
            <InputNumber<number>
              style={{ width: '100%' }}
              min={0}
              max={3_000_000}
              precision={0}
              controls={false}
              inputMode="numeric"
              suffix={t('common.kmUnit')}
              formatter={(v) => (v === undefined || v === null || String(v) === '' ? '' : Number(v).toLocaleString('en-US'))}
              parser={(v) => Number((v ?? '').replace(/[^\d]/g, ''))}
              data-testid="mileage-km"
            />
          </Form.Item>
        </Col>
      </Row>
      {/* A lower reading shows the last one and its date, with "odometer replaced" right there. */}
      {km !== null && km !== undefined && latest && km < latest.km ? (
        <div style={{ marginBottom: 16 }}>
          <OdometerLowerHint km={km} last={latest} replaced={!!replaced}>
            {odometerReplaced}
          </OdometerLowerHint>
        </div>
      ) : (
        odometerReplaced
      )}
      <Form.Item name="source" label={t('mileage.source')}>
        <Select options={MILEAGE_SOURCES.map((s) => ({ value: s, label: t(`mileage.sources.${s}`) }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" loading={saving} block data-testid="mileage-submit">
        {t('mileage.record')}
      </Button>
    </Form>
  );
}
