import { FlagOutlined } from '@ant-design/icons';
import { DRILL_KINDS, type DrillKind } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServiceAdvisors } from '../../api/appointments';
import { applyProblemToForm } from '../../api/problems';
import { processCheckKeys, processChecksApi } from '../../api/processChecks';
import { dealerToday } from '../../components/DateText';

type Values = { kind: DrillKind; title: string; heldOn: dayjs.Dayjs; participants: string[]; failed: string[] };

/** 演练/培训记录: who took part and who has to repeat it. */
export function DrillButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();
  const advisors = useServiceAdvisors();
  const participants = Form.useWatch('participants', form) ?? [];
  const options = (advisors.data ?? []).map((a) => ({ value: a.id, label: a.name }));

  async function save(values: Values) {
    setSaving(true);
    try {
      await processChecksApi.recordDrill({
        kind: values.kind,
        title: values.title,
        heldOn: values.heldOn.format('YYYY-MM-DD'),
        participants: values.participants.map((userId) => ({ userId, result: values.failed.includes(userId) ? 'fail' : 'pass' })),
      });
      await queryClient.invalidateQueries({ queryKey: processCheckKeys.all });
      void message.success(t('processChecks.drillForm.saved'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button icon={<FlagOutlined />} onClick={() => setOpen(true)} data-testid="drill-record">
        {t('processChecks.drillForm.button')}
      </Button>
      <Modal
        open={open}
        title={t('processChecks.drillForm.button')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        okButtonProps={{ size: 'large', ...({ 'data-testid': 'drill-save' } as Record<string, string>) }}
      >
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'drill', heldOn: dealerToday(), participants: [], failed: [] }}
          onFinish={(v) => void save(v)}
        >
          <Form.Item name="kind" label={t('processChecks.drillForm.kind')}>
            <Radio.Group
              optionType="button"
              size="large"
              options={DRILL_KINDS.map((k) => ({ value: k, label: t(`processChecks.drillKinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('processChecks.drillForm.title')} rules={[{ required: true, whitespace: true, max: 120 }]}>
            <Input maxLength={120} data-testid="drill-title" />
          </Form.Item>
          <Form.Item name="heldOn" label={t('processChecks.drillForm.heldOn')} rules={[{ required: true }]}>
            <DatePicker inputReadOnly allowClear={false} disabledDate={(d) => d.isAfter(dealerToday(), 'day')} />
          </Form.Item>
          <Form.Item
            name="participants"
            label={t('processChecks.drillForm.participants')}
            rules={[{ required: true, type: 'array', min: 1 }]}
          >
            <Select
              mode="multiple"
              options={options}
              loading={advisors.isPending}
              optionFilterProp="label"
              data-testid="drill-participants"
            />
          </Form.Item>
          <Form.Item name="failed" label={t('processChecks.drillForm.failed')} extra={t('processChecks.drillForm.failedHint')}>
            <Select
              mode="multiple"
              options={options.filter((o) => participants.includes(o.value))}
              optionFilterProp="label"
              data-testid="drill-failed"
            />
          </Form.Item>
          <Typography.Text type="secondary">{t('processChecks.drillForm.hint')}</Typography.Text>
        </Form>
      </Modal>
    </>
  );
}
