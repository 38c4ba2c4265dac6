import { ArrowLeftOutlined, HeartOutlined, SendOutlined } from '@ant-design/icons';
import { type ComplaintCategory, complaintInputSchema, networkComplaintInputSchema } from '@servicebay/contracts';
import { COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES, ESCALATED_TO, formatPlate } from '@servicebay/contracts/constants';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { type ComplaintDetail, type ComplaintInput, complaintKeys, complaintsApi, type NetworkComplaintInput } from '../../api/complaints';
import { customerKeys, customersApi } from '../../api/customers';
import { useDealers } from '../../api/network';
import { applyProblemToForm } from '../../api/problems';
import { roApi } from '../../api/repairOrders';
import { useCan, useUser } from '../../app/session';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { formatDateTime } from '../../components/DateText';
import { DateTimeField } from '../../components/DateTimeField';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { CategoryFields } from './CategoryFields';
import { subcategoriesOf } from './complaints';

type Values = {
  dealerId?: string | null;
  deadlineAt?: string | null;
  customerId?: string | null;
  vehicleId?: string | null;
  repairOrderId?: string | null;
  channel: ComplaintInput['channel'];
  customerWords?: string;
  demand?: string;
  background?: string;
  category?: ComplaintCategory | null;
  subcategory?: string | null;
  severity: NonNullable<ComplaintInput['severity']>;
  escalatedTo?: ComplaintInput['escalatedTo'];
  receivedAt?: string | null;
};

const shape = complaintInputSchema.shape;
const text = (value: string | null | undefined) => value?.trim() || null;

function toInput(v: Values): ComplaintInput {
  const input: ComplaintInput = {
    customerId: v.customerId ?? '',
    vehicleId: v.vehicleId ?? null,
    repairOrderId: v.repairOrderId ?? null,
    channel: v.channel,
    customerWords: v.customerWords?.trim() ?? '',
    demand: text(v.demand),
    background: text(v.background),
    category: v.category ?? null,
    subcategory:
      v.category && v.subcategory && subcategoriesOf(v.category).includes(v.subcategory)
        ? (v.subcategory as ComplaintInput['subcategory'])
        : null,
    severity: v.severity,
    escalatedTo: v.severity === 'escalated' ? (v.escalatedTo ?? null) : null,
  };
  if (v.receivedAt) input.receivedAt = v.receivedAt;
  return input;
}

/** 登记投诉: who, which car, what they said in their own words, what they want; routed on save. */
export function ComplaintIntakePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = useUser();
  const carMaker = !user.dealer;
  const canReadRos = useCan('repair_order.read');
  const [params] = useSearchParams();
  const presetCustomerId = params.get('customerId');
  const [form] = Form.useForm<Values>();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  const customerId = Form.useWatch('customerId', form);
  const vehicleId = Form.useWatch('vehicleId', form);
  const severity = Form.useWatch('severity', form);
  const dealers = useDealers(carMaker);

  // A customer named in the URL (from the customer page): its name for the picker.
  const preset = useQuery({
    queryKey: customerKeys.detail(presetCustomerId ?? ''),
    queryFn: () => customersApi.get(presetCustomerId!),
    enabled: !!presetCustomerId,
  });
  const [known, setKnown] = useState<PickedCustomer | null>(null);
  useEffect(() => {
    if (preset.data) setKnown({ id: preset.data.id, name: preset.data.name, mobile: preset.data.mobile });
  }, [preset.data]);

  const vehicles = useQuery({
    queryKey: customerKeys.vehicles(customerId ?? ''),
    queryFn: () => customersApi.vehicles(customerId!).then((r) => r.items),
    enabled: !!customerId,
  });
  // The dealer's recent repair orders of this customer (there is no list by vehicle): an optional link.
  const ros = useQuery({
    queryKey: ['repair-orders', 'list', 'complaint-intake'],
    queryFn: () => roApi.list(undefined, 500).then((r) => r.items),
    enabled: !!customerId && canReadRos && !carMaker,
    staleTime: 60_000,
  });
  const roOptions = useMemo(
    () =>
      (ros.data ?? [])
        .filter((ro) => ro.customer.id === customerId && (!vehicleId || ro.vehicle.id === vehicleId))
        .map((ro) => ({ value: ro.id, label: `${ro.number} · ${formatPlate(ro.vehicle.plate)} · ${formatDateTime(ro.createdAt) ?? ''}` })),
    [ros.data, customerId, vehicleId],
  );

  // One vehicle: it is the one.
  useEffect(() => {
    const items = vehicles.data;
    if (items?.length === 1 && !form.getFieldValue('vehicleId')) form.setFieldValue('vehicleId', items[0]!.id);
  }, [vehicles.data, form]);

  async function submit(values: Values) {
    const base = toInput(values);
    const labels = {
      customerId: t('complaints.fields.customer'),
      customerWords: t('complaints.fields.customerWords'),
      dealerId: t('complaints.fields.dealer'),
    };
    const input: ComplaintInput | NetworkComplaintInput = carMaker
      ? { ...base, dealerId: values.dealerId ?? '', deadlineAt: values.deadlineAt ?? null }
      : base;
    if (applyZodErrors(form, carMaker ? networkComplaintInputSchema : complaintInputSchema, input, { labels })) {
      void message.error(t('form.fixErrors'));
      return;
    }
    setSaving(true);
    try {
      const key = idempotency.keyFor(input);
      const saved: ComplaintDetail = carMaker
        ? await complaintsApi.createForDealer(input as NetworkComplaintInput, key)
        : await complaintsApi.create(input, key);
      idempotency.reset();
      queryClient.setQueryData(complaintKeys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: complaintKeys.lists });
      void message.success(
        saved.handler
          ? t('complaints.intake.created', { number: saved.number, handler: saved.handler.name })
          : t('complaints.intake.createdNoHandler', { number: saved.number }),
        5,
      );
      void navigate(`/complaints/${saved.id}`, { replace: true });
    } catch (error) {
      for (const problem of applyProblemToForm(form, error)) void message.error(problem);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)', maxWidth: 1100 }} data-testid="complaint-intake">
      <Space wrap size={8}>
        <Button
          type="text"
          size="large"
          icon={<ArrowLeftOutlined />}
          aria-label={t('common.back')}
          onClick={() => void navigate('/complaints')}
        />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {carMaker ? t('complaints.intake.titleForDealer') : t('complaints.intake.title')}
        </Typography.Title>
      </Space>
      <Form<Values>
        form={form}
        layout="vertical"
        scrollToFirstError
        initialValues={{
          customerId: presetCustomerId,
          channel: carMaker ? 'oem_hotline' : 'in_person',
          severity: 'complaint',
          vehicleId: null,
          repairOrderId: null,
          category: null,
          subcategory: null,
        }}
        onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
          {carMaker && (
            <Card title={t('complaints.intake.sectionDealer')} size="small">
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="dealerId"
                    label={t('complaints.fields.dealer')}
                    required
                    rules={[
                      zodRule(networkComplaintInputSchema.shape.dealerId, {
                        label: t('complaints.fields.dealer'),
                        toInput: (v) => v ?? '',
                      }),
                    ]}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder={t('complaints.intake.dealerPlaceholder')}
                      loading={dealers.isPending}
                      options={(dealers.data ?? []).map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }))}
                      data-testid="complaint-dealer"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="deadlineAt" label={t('complaints.fields.deadlineAt')} extra={t('complaints.intake.deadlineHint')}>
                    <DateTimeField limit="future" data-testid="complaint-deadline-at" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          )}
          <Card title={t('complaints.intake.sectionCustomer')} size="small">
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="customerId"
                  label={t('complaints.fields.customer')}
                  required
                  rules={[zodRule(shape.customerId, { label: t('complaints.fields.customer'), toInput: (v) => v ?? '' })]}
                >
                  <CustomerPicker
                    known={[known]}
                    placeholder={t('complaints.intake.customerPlaceholder')}
                    onChange={(id, customer) => {
                      form.setFieldsValue({ customerId: id, vehicleId: null, repairOrderId: null });
                      if (customer) setKnown(customer);
                    }}
                    data-testid="complaint-customer"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="vehicleId" label={t('complaints.fields.vehicle')}>
                  <Select
                    allowClear
                    disabled={!customerId}
                    loading={vehicles.isFetching}
                    placeholder={
                      customerId && vehicles.data?.length === 0
                        ? t('complaints.intake.noVehicles')
                        : t('complaints.intake.vehiclePlaceholder')
                    }
                    options={(vehicles.data ?? []).map((v) => ({
                      value: v.id,
                      label: [formatPlate(v.plate), v.modelName].filter(Boolean).join(' · '),
                    }))}
                    onChange={() => form.setFieldValue('repairOrderId', null)}
                    data-testid="complaint-vehicle"
                  />
                </Form.Item>
              </Col>
              {canReadRos && !carMaker && (
                <Col xs={24} md={12}>
                  <Form.Item name="repairOrderId" label={t('complaints.fields.repairOrder')} extra={t('complaints.intake.repairOrderHint')}>
                    <Select
                      allowClear
                      showSearch={{ optionFilterProp: 'label' }}
                      disabled={!customerId}
                      loading={ros.isFetching}
                      placeholder={t('complaints.intake.repairOrderPlaceholder')}
                      options={roOptions}
                      notFoundContent={t('complaints.intake.noRepairOrders')}
                      data-testid="complaint-repair-order"
                    />
                  </Form.Item>
                </Col>
              )}
              <Col xs={24} md={12}>
                <Form.Item name="channel" label={t('complaints.fields.channel')} required>
                  <Select
                    options={COMPLAINT_CHANNELS.map((c) => ({ value: c, label: t(`complaints.channels.${c}`) }))}
                    data-testid="complaint-channel"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="receivedAt" label={t('complaints.fields.receivedAt')} extra={t('complaints.intake.receivedAtHint')}>
                  <DateTimeField limit="past" placeholder={t('complaints.intake.receivedNow')} data-testid="complaint-received-at" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Card title={t('complaints.intake.sectionWords')} size="small">
            <Alert
              type="info"
              showIcon
              icon={<HeartOutlined />}
              title={t('complaints.intake.feelingsFirst')}
              description={t('complaints.intake.feelingsFirstHint')}
              style={{ marginBottom: 16 }}
              data-testid="complaint-feelings-first"
            />
            <Form.Item
              name="customerWords"
              label={t('complaints.fields.customerWords')}
              required
              rules={[
                zodRule(shape.customerWords, {
                  label: t('complaints.fields.customerWords'),
                  toInput: (v) => (typeof v === 'string' ? v.trim() : ''),
                }),
              ]}
            >
              <Input.TextArea
                id="customerWords"
                autoSize={{ minRows: 4, maxRows: 10 }}
                maxLength={2000}
                showCount
                placeholder={t('complaints.intake.wordsPlaceholder')}
                data-testid="complaint-words"
              />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="demand"
                  label={t('complaints.fields.demand')}
                  rules={[zodRule(shape.demand, { toInput: (v) => (typeof v === 'string' ? v.trim() || null : null) })]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    maxLength={1000}
                    placeholder={t('complaints.intake.demandPlaceholder')}
                    data-testid="complaint-demand"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="background"
                  label={t('complaints.fields.background')}
                  rules={[zodRule(shape.background, { toInput: (v) => (typeof v === 'string' ? v.trim() || null : null) })]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    maxLength={1000}
                    placeholder={t('complaints.intake.backgroundPlaceholder')}
                    data-testid="complaint-background"
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Card title={t('complaints.intake.sectionClassify')} size="small">
            <Typography.Paragraph type="secondary">{t('complaints.intake.classifyHint')}</Typography.Paragraph>
            <Row gutter={16}>
              <CategoryFields md={12} testIdPrefix="complaint" />
              <Col xs={24} md={12}>
                <Form.Item name="severity" label={t('complaints.fields.severity')} required>
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    options={COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`complaints.severities.${s}`) }))}
                    data-testid="complaint-severity"
                  />
                </Form.Item>
              </Col>
              {severity === 'escalated' && (
                <Col xs={24} md={12}>
                  <Form.Item name="escalatedTo" label={t('complaints.fields.escalatedTo')}>
                    <Select
                      allowClear
                      options={ESCALATED_TO.map((e) => ({ value: e, label: t(`complaints.escalatedTo.${e}`) }))}
                      data-testid="complaint-escalated-to"
                    />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </Card>
          <div style={{ display: 'flex', gap: 12, justifyContent: 'flex-end', flexWrap: 'wrap' }}>
            <Button size="large" onClick={() => void navigate('/complaints')} disabled={saving}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" size="large" htmlType="submit" icon={<SendOutlined />} loading={saving} data-testid="complaint-submit">
              {t('complaints.intake.submit')}
            </Button>
          </div>
        </div>
      </Form>
    </div>
  );
}
