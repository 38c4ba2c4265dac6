import { surveySettingsSchema } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, InputNumber, Row, Skeleton, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { csiApi, csiKeys, type SurveySettings, useSurveySettings } from '../../api/csi';
import { applyProblemToForm } from '../../api/problems';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { ErrorState } from '../../components/PageState';

const shape = surveySettingsSchema.shape;
const NUMBERS = [
  ['delayHours', 0, 168, 1, 'hours'],
  ['expiryDays', 1, 60, 0, 'days'],
  ['minDaysBetween', 0, 365, 0, 'days'],
] as const;

/** 满意度调查设置: whether survey links go out, how long after delivery, how long they stay open, how often a customer is asked. */
export function SurveySettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useSurveySettings();
  const [form] = Form.useForm<SurveySettings>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  async function submit(values: SurveySettings) {
    if (applyZodErrors(form, surveySettingsSchema, values)) return;
    setSaving(true);
    try {
      const saved = await csiApi.updateSettings(values);
      queryClient.setQueryData(csiKeys.settings, saved);
      void message.success(t('csi.settings.saved'));
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card
      title={t('csi.settings.title')}
      id="survey-settings"
      data-testid="survey-settings"
      extra={<Link to="/settings/questionnaires">{t('csi.questionnaires')}</Link>}
    >
      {settings.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <Form<SurveySettings> form={form} layout="vertical" onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}>
          <Typography.Paragraph type="secondary">{t('csi.settings.hint')}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} sm={6}>
              <Form.Item name="enabled" label={t('csi.settings.enabled')} valuePropName="checked">
                <Switch data-testid="survey-enabled" />
              </Form.Item>
            </Col>
            {NUMBERS.map(([field, min, max, precision, unit]) => (
              <Col xs={12} sm={6} key={field}>
                <Form.Item
                  name={field}
                  label={t(`csi.settings.${field}`)}
                  extra={t(`csi.settings.${field}Hint`)}
                  rules={[zodRule(shape[field], { label: t(`csi.settings.${field}`), toInput: (v) => v ?? undefined })]}
                >
                  <InputNumber<number>
                    min={min}
                    max={max}
                    precision={precision}
                    suffix={t(`csi.settings.${unit}`)}
                    style={{ width: '100%' }}
                    data-testid={`survey-${field}`}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="survey-settings-save">
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
