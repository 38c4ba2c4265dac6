import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { USE_TYPES } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm } from '../../api/problems';
import { useVehicleModels } from '../../api/vehicles';
import { type WarrantyPolicy, warrantyApi, warrantyKeys } from '../../api/warranty';
import { dealerToday } from '../../components/DateText';
import { FormDrawer } from '../../components/FormDrawer';
import { fromIsoDate, toIsoDate } from '../../components/form/dates';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { COMPONENT_CODE, type PolicyFormValues, policyFieldAliases, policyFormValues, policyInput, repeatedIndexes } from './warranty';

type Values = Omit<PolicyFormValues, 'effectiveFrom'> & { effectiveFrom?: Dayjs | null };

type Props = {
  open: boolean;
  /** The version the new one starts from (its model, year and terms), if any. */
  from?: WarrantyPolicy | undefined;
  onClose: () => void;
};

/** 新建政策版本: the terms of a model (and model year) for cars sold from a day on. */
export function PolicyFormDrawer({ open, from, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const models = useVehicleModels();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const hasFirst = Form.useWatch('hasFirstMaintenance', form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the drawer opens, from the version chosen then
  useEffect(() => {
    if (!open) return;
    idempotency.reset();
    form.resetFields();
    const values = policyFormValues(from);
    // A new version takes effect from today unless the car maker says otherwise.
    form.setFieldsValue({ ...values, effectiveFrom: fromIsoDate(dealerToday().format('YYYY-MM-DD')) });
  }, [open]);

  async function submit(values: Values) {
    const input = policyInput({ ...values, effectiveFrom: toIsoDate(values.effectiveFrom) });
    setSaving(true);
    try {
      const created = await warrantyApi.createPolicy(input, idempotency.keyFor(input));
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: warrantyKeys.policies });
      void queryClient.invalidateQueries({ queryKey: ['warranty', 'coverage'] });
      void message.success(t('warranty.policies.created', { model: created.model.name, version: created.version }));
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error, policyFieldAliases())) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  const required = (label: string) => ({ required: true, message: t('form.required', { label }) });
  const number = (label: string, min: number, max: number) => [
    required(label),
    { type: 'number' as const, min, max, message: t('warranty.edit.between', { min, max: max.toLocaleString() }) },
  ];
  const noRepeats = (values: (string | undefined)[] | undefined, text: string) => {
    if (repeatedIndexes(values ?? []).length > 0) throw new Error(text);
  };

  return (
    <FormDrawer
      open={open}
      title={from ? t('warranty.policies.newVersionOf', { model: from.model.name }) : t('warranty.policies.newVersion')}
      form={form}
      saving={saving}
      onClose={onClose}
      width={720}
      data-testid="policy-form"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        scrollToFirstError
        onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="modelId" label={t('warranty.policies.model')} rules={[required(t('warranty.policies.model'))]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={models.isPending}
                placeholder={t('warranty.edit.choose')}
                options={(models.data ?? []).map((m) => ({ value: m.id, label: `${m.code} ${m.name}` }))}
                data-testid="policy-model"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="modelYear"
              label={t('warranty.policies.modelYear')}
              tooltip={t('warranty.policies.modelYearHint')}
              rules={[{ type: 'number', min: 1990, max: 2100, message: t('warranty.edit.between', { min: 1990, max: 2100 }) }]}
            >
              <InputNumber<number>
                min={1990}
                max={2100}
                precision={0}
                placeholder={t('warranty.policies.allYears')}
                style={{ width: '100%' }}
                data-testid="policy-model-year"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="effectiveFrom"
              label={t('warranty.policies.effectiveFrom')}
              tooltip={t('warranty.policies.effectiveFromHint')}
              rules={[required(t('warranty.policies.effectiveFrom'))]}
            >
              <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="policy-effective-from" />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('warranty.policies.vehicleTerms')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('warranty.policies.vehicleTermsHint')}</Typography.Paragraph>
        <Form.List
          name="vehicle"
          rules={[
            {
              validator: async (_, rows: PolicyFormValues['vehicle'] | undefined) => {
                if (!rows || rows.length === 0) throw new Error(t('warranty.policies.vehicleRequired'));
                noRepeats(
                  rows.map((r) => r?.useType),
                  t('warranty.policies.duplicateUseType'),
                );
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div data-testid="policy-vehicle-terms">
              {fields.map((field) => (
                <Row key={field.key} gutter={12} align="top" data-testid="policy-vehicle-term">
                  <Col xs={24} sm={8}>
                    <Form.Item name={[field.name, 'useType']} rules={[required(t('vehicle.useType'))]}>
                      <Select
                        aria-label={t('vehicle.useType')}
                        placeholder={t('vehicle.useType')}
                        options={USE_TYPES.map((u) => ({ value: u, label: t(`vehicle.useTypes.${u}`) }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={11} sm={7}>
                    <Form.Item name={[field.name, 'months']} rules={number(t('warranty.policies.months'), 1, 240)}>
                      <InputNumber<number>
                        min={1}
                        max={240}
                        precision={0}
                        suffix={t('warranty.policies.monthsUnit')}
                        aria-label={t('warranty.policies.months')}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={11} sm={7}>
                    <Form.Item name={[field.name, 'km']} rules={number(t('warranty.policies.km'), 1, 2_000_000)}>
                      <InputNumber<number>
                        min={1}
                        max={2_000_000}
                        precision={0}
                        step={10_000}
                        suffix={t('common.kmUnit')}
                        aria-label={t('warranty.policies.km')}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={2} sm={2}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      aria-label={t('warranty.policies.removeRow')}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                icon={<PlusOutlined />}
                disabled={fields.length >= USE_TYPES.length}
                onClick={() => add({ months: 36, km: 100_000 })}
                style={{ marginBottom: 16 }}
                data-testid="policy-add-vehicle-term"
              >
                {t('warranty.policies.addUseType')}
              </Button>
            </div>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('warranty.policies.components')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('warranty.policies.componentsHint')}</Typography.Paragraph>
        <Form.List
          name="components"
          rules={[
            {
              validator: async (_, rows: PolicyFormValues['components'] | undefined) =>
                noRepeats(
                  (rows ?? []).map((r) => r?.code),
                  t('warranty.policies.duplicateComponent'),
                ),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div data-testid="policy-components">
              {fields.map((field) => (
                <Row key={field.key} gutter={12} align="top" data-testid="policy-component">
                  <Col xs={12} sm={5}>
                    <Form.Item
                      name={[field.name, 'code']}
                      normalize={(v: string) => v?.toUpperCase()}
                      rules={[
                        required(t('warranty.policies.componentCode')),
                        { pattern: COMPONENT_CODE, message: t('warranty.policies.componentCodeFormat') },
                      ]}
                    >
                      <Input
                        className="sb-mono"
                        maxLength={20}
                        placeholder={t('warranty.policies.componentCode')}
                        aria-label={t('warranty.policies.componentCode')}
                        autoCapitalize="characters"
                        spellCheck={false}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={7}>
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[
                        { ...required(t('warranty.policies.componentName')), whitespace: true },
                        { max: 60, message: t('form.tooLong', { max: 60 }) },
                      ]}
                    >
                      <Input
                        maxLength={60}
                        placeholder={t('warranty.policies.componentName')}
                        aria-label={t('warranty.policies.componentName')}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={11} sm={5}>
                    <Form.Item name={[field.name, 'months']} rules={number(t('warranty.policies.months'), 1, 240)}>
                      <InputNumber<number>
                        min={1}
                        max={240}
                        precision={0}
                        suffix={t('warranty.policies.monthsUnit')}
                        aria-label={t('warranty.policies.months')}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={11} sm={5}>
                    <Form.Item name={[field.name, 'km']} rules={number(t('warranty.policies.km'), 1, 2_000_000)}>
                      <InputNumber<number>
                        min={1}
                        max={2_000_000}
                        precision={0}
                        step={10_000}
                        suffix={t('common.kmUnit')}
                        aria-label={t('warranty.policies.km')}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={2} sm={2}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('warranty.policies.removeRow')}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                icon={<PlusOutlined />}
                disabled={fields.length >= 20}
                onClick={() => add({ months: 96, km: 150_000 })}
                style={{ marginBottom: 16 }}
                data-testid="policy-add-component"
              >
                {t('warranty.policies.addComponent')}
              </Button>
            </div>
          )}
        </Form.List>

        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="fittedPartsMonths"
              label={t('warranty.policies.fittedParts')}
              tooltip={t('warranty.policies.fittedPartsHint')}
              rules={number(t('warranty.policies.fittedParts'), 1, 60)}
            >
              <InputNumber<number>
                min={1}
                max={60}
                precision={0}
                suffix={t('warranty.policies.monthsUnit')}
                style={{ width: '100%' }}
                data-testid="policy-fitted-parts"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item label={t('warranty.policies.firstMaintenance')} style={{ marginBottom: 0 }}>
              <Row gutter={12} align="top">
                <Col xs={24} sm={6}>
                  <Form.Item name="hasFirstMaintenance" valuePropName="checked">
                    <Switch
                      checkedChildren={t('common.yes')}
                      unCheckedChildren={t('warranty.policies.noFirstMaintenance')}
                      aria-label={t('warranty.policies.firstMaintenance')}
                      data-testid="policy-first-maintenance"
                    />
                  </Form.Item>
                </Col>
                {hasFirst && (
                  <>
                    <Col xs={12} sm={9}>
                      <Form.Item name="firstMaintenanceMonths" rules={number(t('warranty.policies.months'), 1, 240)}>
                        <InputNumber<number>
                          min={1}
                          max={240}
                          precision={0}
                          suffix={t('warranty.policies.monthsUnit')}
                          aria-label={t('warranty.policies.months')}
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={9}>
                      <Form.Item name="firstMaintenanceKm" rules={number(t('warranty.policies.km'), 1, 2_000_000)}>
                        <InputNumber<number>
                          min={1}
                          max={2_000_000}
                          precision={0}
                          step={1_000}
                          suffix={t('common.kmUnit')}
                          aria-label={t('warranty.policies.km')}
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                    </Col>
                  </>
                )}
              </Row>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('warranty.policies.note')} rules={[{ max: 500, message: t('form.tooLong', { max: 500 }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount data-testid="policy-note" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
