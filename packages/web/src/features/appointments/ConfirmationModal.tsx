import { confirmationAttemptSchema } from '@servicebay/contracts';
import { App, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Appointment, appointmentsApi, type ConfirmationAttempt } from '../../api/appointments';
import { applyProblemToForm } from '../../api/problems';
import { zodRule } from '../../components/form/zodRule';
import { useRefreshAppointments } from './useAppointmentCache';

export const CONFIRMATION_RESULTS = ['confirmed', 'reschedule', 'cancel', 'no_answer'] as const;
type Values = Required<Pick<ConfirmationAttempt, 'step' | 'channel' | 'result'>> & { note?: string };

/** 记录确认: which step (N−1 / one hour before), how, and what the customer said. */
export function ConfirmationModal({ appointment, onClose }: { appointment: Appointment | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshAppointments();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  async function submit(values: Values) {
    if (!appointment) return;
    setSaving(true);
    try {
      const saved = await appointmentsApi.confirm(appointment.id, { ...values, note: values.note?.trim() || null });
      void message.success(t('confirmation.recorded'));
      refresh(saved);
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={!!appointment}
      title={t('confirmation.title')}
      okText={t('confirmation.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'confirmation-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ step: 'day_before', channel: 'phone', result: 'confirmed' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="step" label={t('confirmation.step')}>
          <Radio.Group
            optionType="button"
            options={(['day_before', 'hour_before'] as const).map((s) => ({ value: s, label: t(`confirmation.steps.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('confirmation.channel')}>
          <Radio.Group
            optionType="button"
            options={(['phone', 'sms'] as const).map((c) => ({ value: c, label: t(`confirmation.channels.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="result" label={t('confirmation.result')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={CONFIRMATION_RESULTS.map((r) => ({ value: r, label: t(`confirmation.results.${r}`) }))}
            data-testid="confirmation-result"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('confirmation.note')}
          rules={[zodRule(confirmationAttemptSchema.shape.note, { toInput: (v) => (typeof v === 'string' ? v : null) })]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
