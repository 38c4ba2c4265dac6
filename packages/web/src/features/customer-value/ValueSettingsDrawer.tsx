import { SettingOutlined, SyncOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customerValueApi, useValueSettings, type ValueSettings, valueKeys } from '../../api/customerValue';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { FormDrawer } from '../../components/FormDrawer';

/** The form's values: shares as percentages. */
type Values = { windowMonths: number; marginPercent: number; discountPercent: number; horizonYears: number };

const toValues = (s: ValueSettings): Values => ({
  windowMonths: s.windowMonths,
  marginPercent: Math.round(s.marginShare * 1000) / 10,
  discountPercent: Math.round(s.discountRate * 1000) / 10,
  horizonYears: s.horizonYears,
});
const toSettings = (v: Values): ValueSettings => ({
  windowMonths: v.windowMonths,
  marginShare: Math.round(v.marginPercent * 10) / 1000,
  discountRate: Math.round(v.discountPercent * 10) / 1000,
  horizonYears: v.horizonYears,
});

/** 计算设置 and 立即重新计算, for the dealer's managers. */
export function ValueSettingsButtons() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [running, setRunning] = useState(false);
  const [form] = Form.useForm<Values>();
  const settings = useValueSettings(open);

  useEffect(() => {
    if (open && settings.data) form.setFieldsValue(toValues(settings.data));
  }, [open, settings.data, form]);

  async function save(values: Values) {
    setSaving(true);
    try {
      const saved = await customerValueApi.saveSettings(toSettings(values));
      queryClient.setQueryData(valueKeys.settings, saved);
      void message.success(t('customerValue.settingsSaved'));
      setOpen(false);
    } catch (error) {
      // The API names its fields by the settings' names; the form shows shares as percentages.
      for (const text of applyProblemToForm(form, error, { marginShare: 'marginPercent', discountRate: 'discountPercent' }))
        void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  async function runNow() {
    setRunning(true);
    try {
      const { customers } = await customerValueApi.runNow();
      void queryClient.invalidateQueries({ queryKey: valueKeys.all });
      void message.success(t('customerValue.ran', { count: customers }));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setRunning(false);
    }
  }

  const number = (name: keyof Values, label: string, min: number, max: number, precision: number, extra?: string) => (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={[{ required: true, type: 'number', min, max, message: t('customerValue.between', { min, max }) }]}
    >
      <InputNumber<number> min={min} max={max} precision={precision} style={{ width: 200 }} data-testid={`value-settings-${name}`} />
    </Form.Item>
  );

  return (
    <Space wrap>
      <Button icon={<SyncOutlined spin={running} />} loading={running} onClick={() => void runNow()} data-testid="value-run-now">
        {t('customerValue.runNow')}
      </Button>
      <Button icon={<SettingOutlined />} onClick={() => setOpen(true)} data-testid="value-settings">
        {t('customerValue.settings')}
      </Button>
      <FormDrawer
        open={open}
        title={t('customerValue.settingsTitle')}
        form={form}
        saving={saving}
        onClose={() => setOpen(false)}
        width={480}
      >
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={settings.isPending}>
          {number('windowMonths', t('customerValue.windowMonths'), 6, 60, 0, t('customerValue.windowMonthsHint'))}
          {number('marginPercent', t('customerValue.marginPercent'), 1, 100, 1)}
          {number('discountPercent', t('customerValue.discountPercent'), 0, 50, 1)}
          {number('horizonYears', t('customerValue.horizonYears'), 1, 15, 0)}
        </Form>
      </FormDrawer>
    </Space>
  );
}
