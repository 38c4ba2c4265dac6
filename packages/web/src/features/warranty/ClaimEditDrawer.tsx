import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CAUSE_CODES, CLAIM_LINE_KINDS, FAILURE_CODES } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Col, Form, Input, InputNumber, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ClaimDetail, isStaleClaim, warrantyApi, warrantyKeys } from '../../api/warranty';
import { FormDrawer } from '../../components/FormDrawer';
import { formatFen } from '../../components/money';
import { useClaimUpdate } from './useClaimUpdate';
import { type ClaimEditValues, claimPatch, claimToEditValues, estimateLineFen, type LineDraft } from './warranty';

type Props = { open: boolean; claim: ClaimDetail; onClose: () => void };

const MAX_LINES = 100;

/** The API names a sublet's amount in fen; the form asks for yuan. */
function aliases(lines: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < lines; i++) out[`lines.${i}.amountFen`] = `lines.${i}.amountYuan`;
  return out;
}

/** 编辑索赔单: the codes, the texts and the lines of a draft or returned claim. */
export function ClaimEditDrawer({ open, claim, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const update = useClaimUpdate();
  const [form] = Form.useForm<ClaimEditValues>();
  const [base, setBase] = useState(claim);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [saving, setSaving] = useState(false);
  const lines = Form.useWatch('lines', form) as LineDraft[] | undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the drawer opens; a refresh of the claim must not wipe the clerk's edits
  useEffect(() => {
    if (!open) return;
    setBase(claim);
    setConflict(false);
    form.resetFields();
    form.setFieldsValue(claimToEditValues(claim));
  }, [open]);

  async function reload() {
    setReloading(true);
    try {
      const fresh = await queryClient.fetchQuery({
        queryKey: warrantyKeys.claim(claim.id),
        queryFn: () => warrantyApi.claim(claim.id),
        staleTime: 0,
      });
      if (!fresh.can.update) {
        void message.info(t('warranty.edit.noLongerEditable'));
        onClose();
        return;
      }
      setBase(fresh);
      form.resetFields();
      form.setFieldsValue(claimToEditValues(fresh));
      setConflict(false);
    } catch (error) {
      update.failed(claim.id, error);
    } finally {
      setReloading(false);
    }
  }

  async function submit(values: ClaimEditValues) {
    const { patch, changed } = claimPatch(base, values);
    if (!changed) {
      void message.info(t('warranty.edit.noChanges'));
      onClose();
      return;
    }
    setSaving(true);
    try {
      const saved = await warrantyApi.updateClaim(base.id, patch);
      update.saved(saved);
      void message.success(t('warranty.edit.saved'));
      onClose();
    } catch (error) {
      if (isStaleClaim(error)) setConflict(true);
      else update.failed(base.id, error, form, aliases(values.lines.length));
    } finally {
      setSaving(false);
    }
  }

  const partCodes = [...new Set((lines ?? []).filter((l) => l?.kind === 'parts' && l.code?.trim()).map((l) => l.code!.trim()))];
  const required = (label: string) => [{ required: true, whitespace: true, message: t('form.required', { label }) }];
  const positive = (label: string, max: number) => [
    { required: true, message: t('form.required', { label }) },
    { type: 'number' as const, min: 0.01, max, message: t('warranty.edit.between', { min: 0.01, max: max.toLocaleString() }) },
  ];

  return (
    <FormDrawer
      open={open}
      title={t('warranty.edit.title', { number: claim.number })}
      form={form}
      saving={saving}
      onClose={onClose}
      width={760}
      data-testid="claim-edit-drawer"
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('warranty.edit.conflict')}
          action={
            <Button size="small" loading={reloading} onClick={() => void reload()} data-testid="claim-edit-reload">
              {t('common.reload')}
            </Button>
          }
          data-testid="claim-edit-conflict"
        />
      )}
      <Form<ClaimEditValues>
        form={form}
        layout="vertical"
        scrollToFirstError
        onFinish={(values) => void submit({ ...form.getFieldsValue(true), ...values })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="failureCode" label={t('warranty.claim.failureCode')}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('warranty.edit.choose')}
                options={FAILURE_CODES.map((c) => ({ value: c, label: t(`warranty.failureCodes.${c}`) }))}
                data-testid="claim-edit-failure"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="causeCode" label={t('warranty.claim.causeCode')}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('warranty.edit.choose')}
                options={CAUSE_CODES.map((c) => ({ value: c, label: t(`warranty.causeCodes.${c}`) }))}
                data-testid="claim-edit-cause"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="causalPartCode"
              label={t('warranty.claim.causalPart')}
              tooltip={t('warranty.edit.causalPartHint')}
              rules={[{ max: 40, message: t('form.tooLong', { max: 40 }) }]}
            >
              <AutoComplete
                options={partCodes.map((c) => ({ value: c }))}
                placeholder={t('warranty.edit.causalPartPlaceholder')}
                data-testid="claim-edit-causal-part"
              >
                <Input className="sb-mono" autoCapitalize="characters" spellCheck={false} />
              </AutoComplete>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="customerWords" label={t('warranty.claim.customerWords')} rules={required(t('warranty.claim.customerWords'))}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount data-testid="claim-edit-customer-words" />
        </Form.Item>
        <Form.Item name="technicianChecks" label={t('warranty.claim.technicianChecks')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount data-testid="claim-edit-technician-checks" />
        </Form.Item>
        <Form.Item name="repairReport" label={t('warranty.claim.repairReport')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount data-testid="claim-edit-repair-report" />
        </Form.Item>

        <Typography.Title level={5}>{t('warranty.lines.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('warranty.edit.linesHint')}</Typography.Paragraph>
        <Form.List
          name="lines"
          rules={[
            {
              validator: async (_, value: unknown[] | undefined) => {
                if (!value || value.length === 0) throw new Error(t('warranty.edit.noLines'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div style={{ display: 'grid', gap: 8, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="claim-edit-lines">
              {fields.map((field, index) => {
                const line = lines?.[index];
                const kind = line?.kind ?? 'labour';
                const estimate = line ? estimateLineFen(line, base.lines) : null;
                return (
                  <div
                    key={field.key}
                    style={{ border: '1px solid rgba(5, 5, 5, 0.1)', borderRadius: 8, padding: '12px 12px 0' }}
                    data-testid="claim-edit-line"
                    data-kind={kind}
                  >
                    <Row gutter={12} align="top">
                      <Col xs={12} sm={5}>
                        <Form.Item name={[field.name, 'kind']} label={t('warranty.lines.kind')}>
                          <Select
                            options={CLAIM_LINE_KINDS.map((k) => ({ value: k, label: t(`warranty.lineKinds.${k}`) }))}
                            // A part number is not a labour operation's code: another kind starts without one.
                            onChange={() => form.setFieldValue(['lines', field.name, 'code'], null)}
                            data-testid="claim-edit-line-kind"
                          />
                        </Form.Item>
                      </Col>
                      {kind === 'parts' && (
                        <Col xs={12} sm={6}>
                          <Form.Item
                            name={[field.name, 'code']}
                            label={t('warranty.lines.partNumber')}
                            rules={[...required(t('warranty.lines.partNumber')), { max: 40, message: t('form.tooLong', { max: 40 }) }]}
                          >
                            <Input className="sb-mono" autoCapitalize="characters" spellCheck={false} data-testid="claim-edit-line-code" />
                          </Form.Item>
                        </Col>
                      )}
                      <Col xs={24} sm={kind === 'parts' ? 13 : 19}>
                        <Form.Item
                          name={[field.name, 'description']}
                          label={t('warranty.lines.description')}
                          rules={[...required(t('warranty.lines.description')), { max: 200, message: t('form.tooLong', { max: 200 }) }]}
                        >
                          <Input maxLength={200} data-testid="claim-edit-line-description" />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={8}>
                        {kind === 'labour' && (
                          <Form.Item
                            name={[field.name, 'hours']}
                            label={t('warranty.lines.hours')}
                            rules={positive(t('warranty.lines.hours'), 200)}
                          >
                            <InputNumber<number>
                              min={0.1}
                              max={200}
                              step={0.1}
                              precision={2}
                              suffix={t('warranty.lines.hoursUnit')}
                              style={{ width: '100%' }}
                              data-testid="claim-edit-line-hours"
                            />
                          </Form.Item>
                        )}
                        {kind === 'parts' && (
                          <Form.Item
                            name={[field.name, 'quantity']}
                            label={t('warranty.lines.quantity')}
                            rules={positive(t('warranty.lines.quantity'), 10_000)}
                          >
                            <InputNumber<number>
                              min={0.01}
                              max={10_000}
                              precision={2}
                              style={{ width: '100%' }}
                              data-testid="claim-edit-line-quantity"
                            />
                          </Form.Item>
                        )}
                        {kind === 'sublet' && (
                          <Form.Item
                            name={[field.name, 'amountYuan']}
                            label={t('warranty.lines.subletAmount')}
                            rules={[{ required: true, message: t('form.required', { label: t('warranty.lines.subletAmount') }) }]}
                          >
                            <InputNumber<number>
                              min={0}
                              max={1_000_000}
                              precision={2}
                              prefix="¥"
                              style={{ width: '100%' }}
                              data-testid="claim-edit-line-amount"
                            />
                          </Form.Item>
                        )}
                      </Col>
                      <Col xs={12} sm={13}>
                        <Form.Item label={t('warranty.lines.amount')}>
                          <Typography.Text type={estimate === null ? 'secondary' : undefined} data-testid="claim-edit-line-estimate">
                            {estimate === null ? t('warranty.edit.pricedOnSave') : formatFen(estimate)}
                          </Typography.Text>
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={3} style={{ display: 'flex', justifyContent: 'flex-end' }}>
                        <Form.Item label=" " colon={false}>
                          <Button
                            danger
                            type="text"
                            icon={<DeleteOutlined />}
                            aria-label={t('warranty.edit.removeLine', { position: index + 1 })}
                            onClick={() => remove(field.name)}
                            data-testid="claim-edit-line-remove"
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                  </div>
                );
              })}
              <Form.ErrorList errors={errors} />
              <Space wrap>
                {CLAIM_LINE_KINDS.map((k) => (
                  <Button
                    key={k}
                    icon={<PlusOutlined />}
                    disabled={fields.length >= MAX_LINES}
                    onClick={() => add({ kind: k, quantity: k === 'parts' ? 1 : undefined } satisfies LineDraft)}
                    data-testid={`claim-edit-add-${k}`}
                  >
                    {t(`warranty.edit.add.${k}`)}
                  </Button>
                ))}
                {fields.length > 0 && <Tag>{t('warranty.edit.lineCount', { count: fields.length })}</Tag>}
              </Space>
            </div>
          )}
        </Form.List>
      </Form>
    </FormDrawer>
  );
}
