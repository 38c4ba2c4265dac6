import { SettingOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Divider, Form, InputNumber, Row, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm } from '../../api/problems';
import { isHidden, useWarrantySettings, type WarrantySettings, warrantyApi, warrantyKeys } from '../../api/warranty';
import { formatFen } from '../../components/money';
import { ErrorState } from '../../components/PageState';
import { type SanbaoSettingsValues, sanbaoToValues, valuesToSanbao } from './sanbao';
import { fenToYuan, yuanToFen } from './warranty';

type Values = {
  labourRateYuan: number | null;
  submitWindowDays: number | null;
  warnDaysBefore: number | null;
  partReturnDays: number | null;
  /** The 三包 thresholds (absent while the server does not send them). */
  sanbao?: SanbaoSettingsValues;
};

const toValues = (s: WarrantySettings): Values => ({
  labourRateYuan: fenToYuan(s.labourRateFen),
  submitWindowDays: s.submitWindowDays,
  warnDaysBefore: s.warnDaysBefore,
  partReturnDays: s.partReturnDays,
  ...(s.sanbao ? { sanbao: sanbaoToValues(s.sanbao) } : {}),
});

/** The 三包 fields: the name, its bounds (the contract's), its unit and step. */
const SANBAO_FIELDS = [
  { name: 'periodMonths', min: 24, max: 120, unit: 'months', step: 1 },
  { name: 'periodKm', min: 50_000, max: 1_000_000, unit: 'km', step: 10_000 },
  { name: 'repairDaysLimit', min: 1, max: 365, unit: 'days', step: 1 },
  { name: 'sameDefectLimit', min: 1, max: 20, unit: 'times', step: 1 },
  { name: 'majorPartLimit', min: 1, max: 10, unit: 'times', step: 1 },
  { name: 'earlyDays', min: 1, max: 365, unit: 'days', step: 1 },
  { name: 'earlyKm', min: 1, max: 100_000, unit: 'km', step: 500 },
  { name: 'warnAtPercent', min: 50, max: 100, unit: 'percent', step: 5 },
] as const;
type SanbaoField = (typeof SANBAO_FIELDS)[number];

/** 索赔设置: the car maker's labour rate for claims, the submission window and when the dealer is warned; the 三包 thresholds. */
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
  const unitText = (f: SanbaoField) =>
    f.unit === 'km' ? t('common.kmUnit') : f.unit === 'percent' ? '%' : t(`warranty.settings.sanbao.units.${f.unit}`);
  function sanbaoValueText(f: SanbaoField, value: number | null) {
    if (value === null) return t('common.none');
    return f.unit === 'percent' ? `${value}%` : `${value.toLocaleString()} ${unitText(f)}`;
  }

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
          <Descriptions.Item label={t('warranty.settings.partReturnDays')}>
            {t('warranty.settings.days', { count: s.partReturnDays })}
          </Descriptions.Item>
        </Descriptions>
        {s.sanbao && (
          <>
            <Divider titlePlacement="start" style={{ margin: '8px 0 12px' }}>
              {t('warranty.settings.sanbao.title')}
            </Divider>
            <Descriptions column={{ xs: 1, sm: 2, lg: 4 }} size="small" data-testid="sanbao-settings">
              {SANBAO_FIELDS.map((f) => (
                <Descriptions.Item key={f.name} label={t(`warranty.settings.sanbao.${f.name}`)}>
                  {sanbaoValueText(f, sanbaoToValues(s.sanbao)[f.name])}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </>
        )}
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
        // The 三包 thresholds go as a whole.
        ...(s.sanbao && values.sanbao ? { sanbao: valuesToSanbao(values.sanbao) } : {}),
      });
      queryClient.setQueryData(warrantyKeys.settings, saved);
      form.setFieldsValue(toValues(saved));
      void message.success(t('warranty.settings.saved'));
    } catch (error) {
      for (const text of applyProblemToForm(form, error, {
        labourRateFen: 'labourRateYuan',
        'sanbao.warnAtShare': 'sanbao.warnAtPercent',
      }))
        void message.error(text);
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
          <Col xs={12} sm={12} lg={6}>
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
          <Col xs={12} sm={12} lg={6}>
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
          <Col xs={12} sm={12} lg={6}>
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
        </Row>
        {s.sanbao && (
          <>
            <Divider titlePlacement="start" style={{ margin: '0 0 8px' }}>
              {t('warranty.settings.sanbao.title')}
            </Divider>
            <Typography.Paragraph type="secondary">{t('warranty.settings.sanbao.hint')}</Typography.Paragraph>
            <Row gutter={16} align="bottom" data-testid="sanbao-settings">
              {SANBAO_FIELDS.map((f) => (
                <Col key={f.name} xs={12} sm={12} lg={6}>
                  <Form.Item
                    name={['sanbao', f.name]}
                    label={t(`warranty.settings.sanbao.${f.name}`)}
                    tooltip={t(`warranty.settings.sanbao.hints.${f.name}`)}
                    rules={[
                      required(t(`warranty.settings.sanbao.${f.name}`)),
                      {
                        type: 'number',
                        min: f.min,
                        max: f.max,
                        message: t('warranty.edit.between', { min: f.min.toLocaleString(), max: f.max.toLocaleString() }),
                      },
                    ]}
                  >
                    <InputNumber<number>
                      min={f.min}
                      max={f.max}
                      step={f.step}
                      precision={0}
                      suffix={unitText(f)}
                      style={{ width: '100%' }}
                      data-testid={`sanbao-setting-${f.name}`}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </>
        )}
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="warranty-settings-save">
            {t('common.save')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
