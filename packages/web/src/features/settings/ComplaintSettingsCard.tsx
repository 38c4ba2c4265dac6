import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  type ComplaintCategory,
  complaintSettingsSchema,
  type DealerRole,
  type RecoveryKind,
  recoveryCatalogueItemSchema,
} from '@servicebay/contracts';
import { COMPLAINT_CATEGORIES, DEALER_ROLES, HANDLER_ROLES, RECOVERY_KINDS } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Skeleton, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ComplaintSettings, complaintKeys, complaintsApi, useComplaintSettings } from '../../api/complaints';
import { applyProblemToForm } from '../../api/problems';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { ErrorState } from '../../components/PageState';
import { type ApprovalRow, approvalLimits, approvalRows, fenToYuan, yuanToFen } from '../complaints/complaints';

const shape = complaintSettingsSchema.shape;
const itemShape = recoveryCatalogueItemSchema.shape;
const HOURS = [
  ['acknowledgeHours', 72],
  ['feedbackHours', 168],
  ['resolveHours', 720],
  ['escalationHours', 168],
] as const;

type CatalogueRow = { kind?: RecoveryKind | null; name?: string; yuan?: number | null };
type Values = Pick<ComplaintSettings, 'clock' | 'acknowledgeHours' | 'feedbackHours' | 'resolveHours' | 'escalationHours' | 'routing'> & {
  catalogue: CatalogueRow[];
  limits: ApprovalRow[];
};

function toValues(s: ComplaintSettings): Values {
  return {
    clock: s.clock,
    acknowledgeHours: s.acknowledgeHours,
    feedbackHours: s.feedbackHours,
    resolveHours: s.resolveHours,
    escalationHours: s.escalationHours,
    routing: s.routing,
    catalogue: s.recoveryCatalogue.map((item) => ({ kind: item.kind, name: item.name, yuan: fenToYuan(item.costFen) })),
    limits: approvalRows(s.approvalLimits),
  };
}

function toSettings(v: Values): ComplaintSettings {
  return {
    clock: v.clock,
    acknowledgeHours: v.acknowledgeHours,
    feedbackHours: v.feedbackHours,
    resolveHours: v.resolveHours,
    escalationHours: v.escalationHours,
    routing: v.routing,
    recoveryCatalogue: (v.catalogue ?? []).map((row) => ({
      kind: row.kind as RecoveryKind,
      name: row.name?.trim() ?? '',
      costFen: yuanToFen(row.yuan) ?? 0,
    })),
    approvalLimits: approvalLimits(v.limits),
  };
}

/** 投诉处理设置: the timers, who each category is routed to, the recovery catalogue and who approves how much. */
export function ComplaintSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useComplaintSettings();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const limits = Form.useWatch('limits', form);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toValues(settings.data));
  }, [settings.data, form]);

  async function submit(values: Values) {
    const next = toSettings(values);
    if (applyZodErrors(form, complaintSettingsSchema, next, { aliases: { recoveryCatalogue: 'catalogue', approvalLimits: 'limits' } })) {
      void message.error(t('form.fixErrors'));
      return;
    }
    setSaving(true);
    try {
      const saved = await complaintsApi.updateSettings(next);
      queryClient.setQueryData(complaintKeys.settings, saved);
      void message.success(t('complaints.settings.saved'));
    } catch (error) {
      for (const text of applyProblemToForm(form, error, { recoveryCatalogue: 'catalogue', approvalLimits: 'limits' }))
        void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  const usedRoles = new Set((limits ?? []).map((row) => row?.role).filter(Boolean));

  return (
    <Card title={t('complaints.settings.title')} id="complaint-settings" data-testid="complaint-settings">
      {settings.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          scrollToFirstError
          onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
          onFinishFailed={() => void message.error(t('form.fixErrors'))}
        >
          <Typography.Paragraph type="secondary">{t('complaints.settings.hint')}</Typography.Paragraph>
          <Typography.Title level={5}>{t('complaints.settings.timers')}</Typography.Title>
          <Row gutter={16}>
            <Col xs={24} lg={8}>
              <Form.Item name="clock" label={t('complaints.settings.clock')} extra={t('complaints.settings.clockHint')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={(['calendar', 'business'] as const).map((c) => ({ value: c, label: t(`complaints.settings.clocks.${c}`) }))}
                  data-testid="complaint-clock"
                />
              </Form.Item>
            </Col>
            {HOURS.map(([field, max]) => (
              <Col xs={12} sm={6} lg={4} key={field}>
                <Form.Item
                  name={field}
                  label={t(`complaints.settings.${field}`)}
                  rules={[zodRule(shape[field], { label: t(`complaints.settings.${field}`), toInput: (v) => v ?? undefined })]}
                >
                  <InputNumber<number>
                    min={0.25}
                    max={max}
                    step={0.25}
                    precision={2}
                    suffix={t('complaints.settings.hoursUnit')}
                    style={{ width: '100%' }}
                    data-testid={`complaint-${field}`}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>

          <Typography.Title level={5}>{t('complaints.settings.routing')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('complaints.settings.routingHint')}</Typography.Paragraph>
          <Table<{ category: ComplaintCategory }>
            rowKey="category"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={COMPLAINT_CATEGORIES.map((category) => ({ category }))}
            style={{ marginBottom: 24, maxWidth: 640 }}
            columns={[
              {
                title: t('complaints.fields.category'),
                key: 'category',
                render: (_, { category }) => t(`complaints.categories.${category}`),
              },
              {
                title: t('complaints.settings.handlerRole'),
                key: 'role',
                render: (_, { category }) => (
                  <Form.Item
                    name={['routing', category]}
                    style={{ marginBottom: 0 }}
                    rules={[{ required: true, message: t('form.requiredShort') }]}
                  >
                    <Select
                      style={{ width: 220 }}
                      options={HANDLER_ROLES.map((role) => ({ value: role, label: t(`complaints.roles.${role}`) }))}
                      aria-label={`${t(`complaints.categories.${category}`)} ${t('complaints.settings.handlerRole')}`}
                      data-testid={`complaint-routing-${category}`}
                    />
                  </Form.Item>
                ),
              },
            ]}
          />

          <Row gutter={[32, 16]}>
            <Col xs={24} xl={13}>
              <Typography.Title level={5}>{t('complaints.settings.catalogue')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('complaints.settings.catalogueHint')}</Typography.Paragraph>
              <Form.List name="catalogue">
                {(fields, { add, remove }) => (
                  <div style={{ display: 'grid', gap: 8 }}>
                    {fields.map((field) => (
                      <div
                        key={field.key}
                        style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}
                        data-testid="catalogue-row"
                      >
                        <Form.Item
                          name={[field.name, 'kind']}
                          style={{ marginBottom: 0, width: 150 }}
                          rules={[{ required: true, message: t('form.requiredShort') }]}
                        >
                          <Select
                            placeholder={t('complaints.settings.kind')}
                            options={RECOVERY_KINDS.map((k) => ({ value: k, label: t(`complaints.recoveryKinds.${k}`) }))}
                            aria-label={t('complaints.settings.kind')}
                            data-testid="catalogue-kind"
                          />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'name']}
                          style={{ marginBottom: 0, flex: '1 1 160px' }}
                          rules={[
                            zodRule(itemShape.name, {
                              label: t('complaints.settings.name'),
                              toInput: (v) => (typeof v === 'string' ? v.trim() : ''),
                            }),
                          ]}
                        >
                          <Input
                            maxLength={60}
                            placeholder={t('complaints.settings.name')}
                            aria-label={t('complaints.settings.name')}
                            data-testid="catalogue-name"
                          />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'yuan']}
                          style={{ marginBottom: 0, width: 140 }}
                          rules={[
                            zodRule(itemShape.costFen, {
                              label: t('complaints.settings.cost'),
                              toInput: (v) => yuanToFen(v as number | null) ?? undefined,
                            }),
                          ]}
                        >
                          <InputNumber<number>
                            min={0}
                            max={1_000_000}
                            precision={2}
                            prefix="¥"
                            placeholder={t('complaints.settings.cost')}
                            style={{ width: '100%' }}
                            aria-label={t('complaints.settings.cost')}
                            data-testid="catalogue-cost"
                          />
                        </Form.Item>
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('complaints.settings.remove')}
                          onClick={() => remove(field.name)}
                        />
                      </div>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ kind: null, name: '', yuan: null })}
                      disabled={fields.length >= 50}
                      style={{ justifySelf: 'start' }}
                      data-testid="complaint-catalogue-add"
                    >
                      {t('complaints.settings.catalogueAdd')}
                    </Button>
                  </div>
                )}
              </Form.List>
            </Col>
            <Col xs={24} xl={11}>
              <Typography.Title level={5}>{t('complaints.settings.limits')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('complaints.settings.limitsHint')}</Typography.Paragraph>
              <Form.List name="limits">
                {(fields, { add, remove }) => (
                  <div style={{ display: 'grid', gap: 8 }}>
                    {fields.map((field) => (
                      <div
                        key={field.key}
                        style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}
                        data-testid="limit-row"
                      >
                        <Form.Item
                          name={[field.name, 'role']}
                          style={{ marginBottom: 0, flex: '1 1 180px' }}
                          rules={[{ required: true, message: t('form.requiredShort') }]}
                        >
                          <Select<DealerRole>
                            placeholder={t('complaints.settings.role')}
                            options={DEALER_ROLES.map((role) => ({
                              value: role,
                              label: t(`complaints.roles.${role}`),
                              disabled: usedRoles.has(role) && limits?.[field.name]?.role !== role,
                            }))}
                            aria-label={t('complaints.settings.role')}
                            data-testid="limit-role"
                          />
                        </Form.Item>
                        <Form.Item name={[field.name, 'yuan']} style={{ marginBottom: 0, width: 160 }}>
                          <InputNumber<number>
                            min={0}
                            max={1_000_000}
                            precision={2}
                            prefix="¥"
                            placeholder={t('complaints.settings.noLimit')}
                            style={{ width: '100%' }}
                            aria-label={t('complaints.settings.limit')}
                            data-testid="limit-amount"
                          />
                        </Form.Item>
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('complaints.settings.remove')}
                          onClick={() => remove(field.name)}
                        />
                      </div>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ role: null, yuan: null })}
                      disabled={fields.length >= DEALER_ROLES.length}
                      style={{ justifySelf: 'start' }}
                      data-testid="complaint-limit-add"
                    >
                      {t('complaints.settings.limitAdd')}
                    </Button>
                  </div>
                )}
              </Form.List>
            </Col>
          </Row>
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            loading={saving}
            style={{ marginTop: 24 }}
            data-testid="complaint-settings-save"
          >
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
