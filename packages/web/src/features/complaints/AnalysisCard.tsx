import { ExperimentOutlined, SaveOutlined } from '@ant-design/icons';
import { complaintPatchSchema } from '@servicebay/contracts';
import { CAUSE_CLASSES, COMPLAINT_SEVERITIES, ESCALATED_TO } from '@servicebay/contracts/constants';
import { App, Button, Card, Col, Form, Input, Radio, Row, Select, Space } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ComplaintDetail, complaintsApi } from '../../api/complaints';
import { zodRule } from '../../components/form/zodRule';
import { CategoryFields } from './CategoryFields';
import { type AnalysisValues, analysisPatch } from './complaints';
import { useCaseUpdate } from './useCaseUpdate';

const FIELDS = ['category', 'subcategory', 'causeClass', 'severity', 'escalatedTo', 'verification', 'rootCause', 'solutionPlan'] as const;
const shape = complaintPatchSchema.shape;
const optionalText = (v: unknown) => (typeof v === 'string' ? v.trim() || null : null);

function valuesOf(c: ComplaintDetail): AnalysisValues {
  return {
    category: c.category,
    subcategory: c.subcategory,
    causeClass: c.causeClass,
    severity: c.severity,
    escalatedTo: c.escalatedTo,
    verification: c.verification ?? '',
    rootCause: c.rootCause ?? '',
    solutionPlan: c.solutionPlan ?? '',
  };
}

/** 分类与分析: verify, classify the cause, find the root cause and prepare the solution. */
export function AnalysisCard({ complaint, editable }: { complaint: ComplaintDetail; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useCaseUpdate();
  const [form] = Form.useForm<AnalysisValues>();
  const [saving, setSaving] = useState(false);
  const justSaved = useRef(false);
  const severity = Form.useWatch('severity', form);
  const initial = useMemo(() => valuesOf(complaint), [complaint]);

  // A newer case (refetch, another action): show it, unless the user is in the middle of editing.
  useEffect(() => {
    if (justSaved.current || !form.isFieldsTouched()) form.resetFields();
    justSaved.current = false;
  }, [complaint.version, form]);

  async function save() {
    // Only what this user changed: a field someone else changed meanwhile is not overwritten.
    const values = form.getFieldsValue(true) as AnalysisValues;
    const touched = Object.fromEntries(FIELDS.filter((f) => form.isFieldTouched(f)).map((f) => [f, values[f]])) as AnalysisValues;
    if ('category' in touched) touched.subcategory = values.subcategory ?? null;
    const patch = analysisPatch(complaint, touched);
    if (!patch) {
      void message.info(t('complaints.case.noChanges'));
      return;
    }
    setSaving(true);
    try {
      const detail = await complaintsApi.update(complaint.id, patch);
      justSaved.current = true;
      update.saved(detail);
      void message.success(t('complaints.case.saved'));
    } catch (error) {
      update.failed(complaint.id, error, form);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card
      title={
        <Space>
          <ExperimentOutlined />
          {t('complaints.case.analysisTitle')}
        </Space>
      }
      data-testid="complaint-analysis"
    >
      <Form<AnalysisValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={!editable}
        onFinish={() => void save()}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <Row gutter={16}>
          <CategoryFields md={8} testIdPrefix="analysis" disabled={!editable} />
          <Col xs={24} md={8}>
            <Form.Item name="causeClass" label={t('complaints.fields.causeClass')} tooltip={t('complaints.case.causeClassHint')}>
              <Select
                allowClear
                placeholder={t('complaints.case.causeClassPlaceholder')}
                options={CAUSE_CLASSES.map((c) => ({ value: c, label: t(`complaints.causeClasses.${c}`) }))}
                data-testid="analysis-cause-class"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="severity" label={t('complaints.fields.severity')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`complaints.severities.${s}`) }))}
                data-testid="analysis-severity"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="escalatedTo" label={t('complaints.fields.escalatedTo')}>
              <Select
                allowClear
                disabled={!editable || severity !== 'escalated'}
                options={ESCALATED_TO.map((e) => ({ value: e, label: t(`complaints.escalatedTo.${e}`) }))}
                data-testid="analysis-escalated-to"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="verification"
          label={t('complaints.fields.verification')}
          rules={[zodRule(shape.verification, { toInput: optionalText })]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={4000}
            placeholder={t('complaints.case.verificationPlaceholder')}
            data-testid="analysis-verification"
          />
        </Form.Item>
        <Form.Item name="rootCause" label={t('complaints.fields.rootCause')} rules={[zodRule(shape.rootCause, { toInput: optionalText })]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="analysis-root-cause" />
        </Form.Item>
        <Form.Item
          name="solutionPlan"
          label={t('complaints.fields.solutionPlan')}
          rules={[zodRule(shape.solutionPlan, { toInput: optionalText })]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            placeholder={t('complaints.case.solutionPlaceholder')}
            data-testid="analysis-solution-plan"
          />
        </Form.Item>
        {editable && (
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="complaint-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
