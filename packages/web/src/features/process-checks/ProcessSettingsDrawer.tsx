import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import type { ProcessChecklistItem } from '@servicebay/contracts';
import { PROCESS_CHECK_STEPS, type ProcessCheckStep } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm } from '../../api/problems';
import { processCheckKeys, processChecksApi } from '../../api/processChecks';
import { FormDrawer } from '../../components/FormDrawer';
import { ItemLabel } from './ItemLabel';

/** The form's values: the targets as percentages, the checklist as the API holds it. */
type Values = { executionPercent: number; coveragePercent: number; drillPassPercent: number; items: ProcessChecklistItem[] };

const toPercent = (share: number) => Math.round(share * 1000) / 10;
const toShare = (percent: number) => Math.round(percent * 10) / 1000;

/** 点检设置: the dealer's targets and its checklist of each step, for its managers. */
export function ProcessSettingsButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [loading, setLoading] = useState(false);
  const [form] = Form.useForm<Values>();
  const [newStep, setNewStep] = useState<ProcessCheckStep>('reception');
  const [newText, setNewText] = useState('');

  async function openDrawer() {
    setOpen(true);
    setLoading(true);
    try {
      const [targets, checklist] = await Promise.all([processChecksApi.targets(), processChecksApi.checklist()]);
      form.setFieldsValue({
        executionPercent: toPercent(targets.executionRate),
        coveragePercent: toPercent(targets.coverageRate),
        drillPassPercent: toPercent(targets.drillPassRate),
        items: checklist.items,
      });
    } finally {
      setLoading(false);
    }
  }

  function addItem() {
    const text = newText.trim();
    if (!text) return;
    const code = `own_${Math.random().toString(36).slice(2, 10)}`;
    const items = form.getFieldValue('items') as ProcessChecklistItem[];
    form.setFieldValue('items', [...items, { step: newStep, code, kind: 'manual', label: text, active: true }]);
    setNewText('');
  }

  async function save(values: Values) {
    setSaving(true);
    try {
      await processChecksApi.saveTargets({
        executionRate: toShare(values.executionPercent),
        coverageRate: toShare(values.coveragePercent),
        drillPassRate: toShare(values.drillPassPercent),
      });
      await processChecksApi.saveChecklist({ items: form.getFieldValue('items') as ProcessChecklistItem[] });
      await queryClient.invalidateQueries({ queryKey: processCheckKeys.all });
      void message.success(t('processChecks.settings.saved'));
      setOpen(false);
    } catch (error) {
      const aliases = { executionRate: 'executionPercent', coverageRate: 'coveragePercent', drillPassRate: 'drillPassPercent' };
      for (const text of applyProblemToForm(form, error, aliases)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  const percent = (name: 'executionPercent' | 'coveragePercent' | 'drillPassPercent', label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, type: 'number', min: 0, max: 100 }]}>
      <InputNumber<number> min={0} max={100} precision={1} suffix="%" style={{ width: 160 }} data-testid={`settings-${name}`} />
    </Form.Item>
  );

  return (
    <>
      <Button icon={<SettingOutlined />} onClick={() => void openDrawer()} data-testid="process-settings">
        {t('processChecks.settings.button')}
      </Button>
      <FormDrawer
        open={open}
        title={t('processChecks.settings.title')}
        form={form}
        saving={saving}
        onClose={() => setOpen(false)}
        width={640}
      >
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={loading}>
          <Typography.Title level={5}>{t('processChecks.settings.targets')}</Typography.Title>
          <Space wrap size={16}>
            {percent('executionPercent', t('processChecks.figures.execution'))}
            {percent('coveragePercent', t('processChecks.figures.coverage'))}
            {percent('drillPassPercent', t('processChecks.figures.drillPass'))}
          </Space>
          <Divider />
          <Typography.Title level={5}>{t('processChecks.settings.checklist')}</Typography.Title>
          <Form.List name="items">
            {(fields) =>
              fields.map((field) => {
                const item = form.getFieldValue(['items', field.name]) as ProcessChecklistItem;
                return (
                  <div
                    key={field.key}
                    style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '6px 0' }}
                    data-testid="settings-item"
                  >
                    <Tag>{t(`processChecks.steps.${item.step}`)}</Tag>
                    <Typography.Text style={{ flex: 1 }}>
                      <ItemLabel code={item.code} label={item.label} />
                    </Typography.Text>
                    <Tag color={item.kind === 'auto' ? 'blue' : 'default'}>{t(`processChecks.settings.kinds.${item.kind}`)}</Tag>
                    <Form.Item name={[field.name, 'active']} valuePropName="checked" noStyle>
                      <Switch aria-label={t('processChecks.settings.active')} />
                    </Form.Item>
                  </div>
                );
              })
            }
          </Form.List>
          <Space.Compact style={{ width: '100%', marginTop: 12 }}>
            <Select<ProcessCheckStep>
              value={newStep}
              onChange={setNewStep}
              options={PROCESS_CHECK_STEPS.map((s) => ({ value: s, label: t(`processChecks.steps.${s}`) }))}
              style={{ width: 140 }}
              aria-label={t('processChecks.columns.step')}
            />
            <Input
              value={newText}
              onChange={(e) => setNewText(e.target.value)}
              maxLength={120}
              placeholder={t('processChecks.settings.newItem')}
              aria-label={t('processChecks.settings.newItem')}
              onPressEnter={(e) => {
                e.preventDefault();
                addItem();
              }}
            />
            <Button icon={<PlusOutlined />} onClick={addItem} disabled={!newText.trim()}>
              {t('processChecks.settings.add')}
            </Button>
          </Space.Compact>
        </Form>
      </FormDrawer>
    </>
  );
}
