import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { MAX_PICKUP_AREAS } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, InputNumber, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isVersionConflict } from '../../api/appointments';
import { type PickupSettings, pickupApi, pickupKeys } from '../../api/pickup';
import { applyProblemToForm } from '../../api/problems';

type SettingsForm = {
  enabled: boolean;
  maxDistanceKm: number;
  freeKm: number;
  feePerKmYuan: number;
  onlineWindowMinutes: number;
  onlineLeadMinutes: number;
  areas: { name: string; distanceKm: number }[];
};

/** 服务区域设置: the areas the drivers go to with their distance, the distance limit and the fee per km beyond the free distance. */
export function PickupSettingsDrawer({ open, settings, onClose }: { open: boolean; settings: PickupSettings; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsForm>();
  const [saving, setSaving] = useState(false);

  async function submit(values: SettingsForm) {
    setSaving(true);
    try {
      await pickupApi.saveSettings({
        enabled: values.enabled,
        maxDistanceKm: values.maxDistanceKm,
        freeKm: values.freeKm,
        feePerKmFen: Math.round(values.feePerKmYuan * 100),
        areas: values.areas ?? [],
        onlineWindowMinutes: values.onlineWindowMinutes,
        onlineLeadMinutes: values.onlineLeadMinutes,
        ...(settings.version !== null ? { version: settings.version } : {}),
      });
      void message.success(t('pickup.settings.saved'));
      onClose();
    } catch (error) {
      if (isVersionConflict(error)) {
        void message.warning(t('pickup.conflict'));
        onClose();
      } else for (const text of applyProblemToForm(form, error, { feePerKmFen: 'feePerKmYuan' })) void message.error(text);
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: pickupKeys.all });
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={520}
      title={t('pickup.settings.title')}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="pickup-settings-save">
          {t('common.save')}
        </Button>
      }
    >
      <Form<SettingsForm>
        form={form}
        layout="vertical"
        initialValues={{ ...settings, feePerKmYuan: settings.feePerKmFen / 100 }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="enabled" label={t('pickup.settings.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Space wrap>
          <Form.Item name="maxDistanceKm" label={t('pickup.settings.maxDistanceKm')} rules={[{ required: true }]}>
            <InputNumber min={1} max={200} addonAfter="km" />
          </Form.Item>
          <Form.Item name="freeKm" label={t('pickup.settings.freeKm')} rules={[{ required: true }]}>
            <InputNumber min={0} max={200} addonAfter="km" />
          </Form.Item>
          <Form.Item name="feePerKmYuan" label={t('pickup.settings.feePerKm')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000} precision={2} prefix="¥" />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('pickup.settings.onlineHint')}
        </Typography.Paragraph>
        <Space wrap>
          <Form.Item name="onlineWindowMinutes" label={t('pickup.settings.onlineWindowMinutes')} rules={[{ required: true }]}>
            <InputNumber min={30} max={240} step={15} precision={0} addonAfter={t('pickup.settings.minutes')} />
          </Form.Item>
          <Form.Item name="onlineLeadMinutes" label={t('pickup.settings.onlineLeadMinutes')} rules={[{ required: true }]}>
            <InputNumber min={0} max={240} step={15} precision={0} addonAfter={t('pickup.settings.minutes')} />
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('pickup.settings.areas')}</Typography.Text>
        <Form.List name="areas">
          {(fields, { add, remove }) => (
            <div style={{ display: 'grid', gap: 8, marginTop: 8 }}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, max: 40 }]} style={{ marginBottom: 0 }}>
                    <Input placeholder={t('pickup.settings.areaName')} maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'distanceKm']} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
                    <InputNumber min={0} max={500} addonAfter="km" placeholder={t('pickup.settings.distance')} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('pickup.settings.removeArea')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} disabled={fields.length >= MAX_PICKUP_AREAS} onClick={() => add({ name: '', distanceKm: 5 })}>
                {t('pickup.settings.addArea')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
