import { type Customer, customerInputSchema } from '@servicebay/contracts';
import { CONTACT_CHANNELS, normalizeMobile } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, DatePicker, Form, Input, Radio, Row, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { customerKeys, customersApi } from '../../api/customers';
import { applyProblemToForm } from '../../api/problems';
import { FormDrawer } from '../../components/FormDrawer';
import { toIsoDate } from '../../components/form/dates';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { zodRule } from '../../components/form/zodRule';
import {
  type CustomerFormValues,
  changedCustomerFields,
  customerPatchBody,
  customerToValues,
  emptyCustomerValues,
  valuesToInput,
} from './customerForm';

type Props = {
  open: boolean;
  /** The record to edit; absent → create a new customer. */
  customer?: Customer;
  prefill?: Partial<CustomerFormValues>;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
};

const shape = customerInputSchema.shape;

export function CustomerFormDrawer({ open, customer, prefill, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CustomerFormValues>();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  // The version the edit started from; replaced when a conflict reloads the record.
  const [base, setBase] = useState<Customer | undefined>(customer);
  const [conflict, setConflict] = useState(false);
  const editing = !!customer;

  useEffect(() => {
    if (!open) return;
    setBase(customer);
    setConflict(false);
    idempotency.reset();
    form.resetFields();
    form.setFieldsValue(customer ? customerToValues(customer) : emptyCustomerValues(prefill));
    // Only when the drawer opens: later changes of `customer` must not wipe what the user typed.
  }, [open]);

  async function submit(values: CustomerFormValues) {
    setSaving(true);
    try {
      let saved: Customer;
      if (base) {
        const changes = changedCustomerFields(base, values);
        if (Object.keys(changes).length === 0) {
          void message.info(t('customer.noChanges'));
          onClose();
          return;
        }
        saved = await customersApi.update(base.id, customerPatchBody(base, values));
        void message.success(t('customer.updated'));
      } else {
        const input = valuesToInput(values);
        saved = await customersApi.create(input, idempotency.keyFor(input));
        idempotency.reset();
        void message.success(t('customer.created', { name: saved.name }));
      }
      queryClient.setQueryData(customerKeys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: customerKeys.all });
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict' && base) {
        // Someone else saved first: show their version and let the user apply the change again.
        const fresh = await queryClient.fetchQuery({
          queryKey: customerKeys.detail(base.id),
          queryFn: () => customersApi.get(base.id),
          staleTime: 0,
        });
        setBase(fresh);
        form.setFieldsValue(customerToValues(fresh));
        setConflict(true);
        void queryClient.invalidateQueries({ queryKey: customerKeys.timeline(base.id) });
        return;
      }
      const rest = applyProblemToForm(form, error);
      for (const text of rest) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <FormDrawer
      open={open}
      title={editing ? t('customer.editTitle') : t('customer.new')}
      form={form}
      saving={saving}
      onClose={onClose}
      data-testid="customer-form"
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('customer.conflictReloaded')}
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setConflict(false) }}
        />
      )}
      <Form<CustomerFormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit({ ...form.getFieldsValue(true), ...values })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
        scrollToFirstError
        requiredMark
      >
        <Form.Item name="kind" label={t('customer.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={(['individual', 'company'] as const).map((k) => ({ value: k, label: t(`customer.kinds.${k}`) }))}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('customer.name')} required rules={[zodRule(shape.name, { label: t('customer.name') })]}>
              <Input placeholder={t('customer.namePlaceholder')} maxLength={60} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
              {({ getFieldValue }) =>
                getFieldValue('kind') === 'company' ? null : (
                  <Form.Item name="gender" label={t('customer.gender')}>
                    <Radio.Group
                      optionType="button"
                      options={(['male', 'female', 'unknown'] as const).map((g) => ({ value: g, label: t(`customer.genders.${g}`) }))}
                    />
                  </Form.Item>
                )
              }
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="mobile"
              label={t('customer.mobile')}
              required
              validateFirst
              rules={[zodRule(shape.mobile, { label: t('customer.mobile') })]}
            >
              <Input
                inputMode="tel"
                autoComplete="off"
                placeholder={t('customer.mobilePlaceholder')}
                onBlur={(e) => {
                  const normalized = normalizeMobile(e.target.value);
                  if (normalized !== e.target.value) form.setFieldValue('mobile', normalized);
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="birthday" label={t('customer.birthday')} rules={[zodRule(shape.birthday, { toInput: toIsoDate })]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} inputReadOnly />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="email"
              label={t('customer.email')}
              rules={[zodRule(shape.email, { toInput: (v) => (typeof v === 'string' ? v.trim() : (v ?? '')) })]}
            >
              <Input type="email" inputMode="email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="city" label={t('customer.city')} rules={[zodRule(shape.city)]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('customer.address')} rules={[zodRule(shape.address)]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="notes" label={t('customer.notes')} rules={[zodRule(shape.notes)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item label={t('customer.consent')} extra={t('customer.consentHint')}>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(120px, 1fr))', gap: 12 }}>
            {CONTACT_CHANNELS.map((channel) => (
              <label key={channel} style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 40, cursor: 'pointer' }}>
                <Form.Item name={['consent', channel]} valuePropName="checked" noStyle>
                  <Switch data-testid={`consent-switch-${channel}`} />
                </Form.Item>
                <Typography.Text>{t(`customer.channels.${channel}`)}</Typography.Text>
              </label>
            ))}
          </div>
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
