import { SettingOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, InputNumber, Row, Skeleton, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm } from '../../api/problems';
import { isHidden, useWarrantySettings, type WarrantySettings, warrantyApi, warrantyKeys } from '../../api/warranty';
import { formatFen } from '../../components/money';
import { ErrorState } from '../../components/PageState';
import { fenToYuan, yuanToFen } from './warranty';

type Values = {
  labourRateYuan: number | null;
  submitWindowDays: number | null;
  warnDaysBefore: number | null;
  partReturnDays: number | null;
};

const toValues = (s: WarrantySettings): Values => ({
  labourRateYuan: fenToYuan(s.labourRateFen),
  submitWindowDays: s.submitWindowDays,
  warnDaysBefore: s.warnDaysBefore,
  partReturnDays: s.partReturnDays,
});

/** 索赔设置: the car maker's labour rate for claims, the submission window and when the dealer is warned. */
export function WarrantySettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useWarrantySettings();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toValues(settings.data));
  }, [settings.data, form]);

  const title = (
    <Space>
      <SettingOutlined />
      {t('warranty.settings.title')}
    </Space>
  );
  if (settings.isPending)
    return (
      <Card title={title} size="small">
        <Skeleton active paragraph={{ rows: 2 }} />
      </Card>
    );
  if (settings.isError) {
    if (isHidden(settings.error)) return null;
    return (
      <Card title={title} size="small">
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      </Card>
    );
  }
  const s = settings.data;

  if (!s.canWrite)
    return (
      <Card title={title} size="small" data-testid="warranty-settings">
        <Descriptions column={{ xs: 1, sm: 2, lg: 4 }} size="small">
          <Descriptions.Item label={t('warranty.settings.labourRate')}>
            {t('warranty.settings.perHour', { amount: formatFen(s.labourRateFen) })}
          </Descriptions.Item>
          <Descriptions.Item label={t('warranty.settings.submitWindow')}>
            {t('warranty.settings.days', { count: s.submitWindowDays })}
          </Descriptions.Item>
          <Descriptions.Item label={t('warranty.settings.warnDays')}>
            {t('warranty.settings.days', { count: s.warnDaysBefore })}
          </Descriptions.Item>
        </Descriptions>
      </Card>
    );

  async function submit(values: Values) {
    setSaving(true);
    try {
      const saved = await warrantyApi.updateSettings({
        labourRateFen: yuanToFen(values.labourRateYuan) ?? 0,
        submitWindowDays: values.submitWindowDays ?? 0,
        warnDaysBefore: values.warnDaysBefore ?? 0,
        partReturnDays: values.partReturnDays ?? 0,
      });
      queryClient.setQueryData(warrantyKeys.settings, saved);
      form.setFieldsValue(toValues(saved));
      void message.success(t('warranty.settings.saved'));
    } catch (error) {
      for (const text of applyProblemToForm(form, error, { labourRateFen: 'labourRateYuan' })) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  const required = (label: string) => ({ required: true, message: t('form.required', { label }) });
  return (
    <Card title={title} size="small" data-testid="warranty-settings">
      <Form<Values> form={form} layout="vertical" initialValues={toValues(s)} onFinish={(v) => void submit(v)}>
        <Row gutter={16} align="bottom">
          <Col xs={24} sm={12} lg={6}>
            <Form.Item
              name="labourRateYuan"
              label={t('warranty.settings.labourRate')}
              extra={t('warranty.settings.labourRateHint')}
              rules={[required(t('warranty.settings.labourRate'))]}
            >
              <InputNumber<number>
                min={0}
                max={100_000}
                precision={2}
                prefix="¥"
                suffix={t('warranty.settings.perHourUnit')}
                style={{ width: '100%' }}
                data-testid="warranty-labour-rate"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12} lg={5}>
            <Form.Item
              name="submitWindowDays"
              label={t('warranty.settings.submitWindow')}
              extra={t('warranty.settings.submitWindowHint')}
              rules={[required(t('warranty.settings.submitWindow'))]}
            >
              <InputNumber<number>
                min={1}
                max={90}
                precision={0}
                suffix={t('warranty.settings.daysUnit')}
                style={{ width: '100%' }}
                data-testid="warranty-submit-window"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12} lg={5}>
            <Form.Item
              name="warnDaysBefore"
              label={t('warranty.settings.warnDays')}
              extra={t('warranty.settings.warnDaysHint')}
              rules={[required(t('warranty.settings.warnDays'))]}
            >
              <InputNumber<number>
                min={0}
                max={30}
                precision={0}
                suffix={t('warranty.settings.daysUnit')}
                style={{ width: '100%' }}
                data-testid="warranty-warn-days"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12} lg={5}>
            <Form.Item
              name="partReturnDays"
              label={t('warranty.settings.partReturnDays')}
              extra={t('warranty.settings.partReturnDaysHint')}
              rules={[required(t('warranty.settings.partReturnDays'))]}
            >
              <InputNumber<number>
                min={1}
                max={180}
                precision={0}
                suffix={t('warranty.settings.daysUnit')}
                style={{ width: '100%' }}
                data-testid="warranty-part-return-days"
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={3}>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={saving} block data-testid="warranty-settings-save">
                {t('common.save')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
