import { cancelSchema } from '@servicebay/contracts';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Appointment, appointmentsApi, isVersionConflict } from '../../api/appointments';
import { applyProblemToForm } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { zodRule } from '../../components/form/zodRule';
import { useRefreshAppointments } from './useAppointmentCache';

/** 取消预约: asks for the reason, and is itself the "are you sure". */
export function CancelModal({ appointment, onClose }: { appointment: Appointment | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshAppointments();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);

  async function submit({ reason }: { reason: string }) {
    if (!appointment) return;
    setSaving(true);
    try {
      const saved = await appointmentsApi.cancel(appointment.id, { version: appointment.version, reason: reason.trim() });
      void message.success(t('appointment.cancelled'));
      refresh(saved);
      onClose();
    } catch (error) {
      if (isVersionConflict(error)) {
        void message.warning(t('appointment.conflictReloaded'));
        refresh();
        onClose();
        return;
      }
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={!!appointment}
      title={t('appointment.cancelTitle')}
      okText={t('appointment.cancelOk')}
      cancelText={t('appointment.cancelKeep')}
      okButtonProps={{ danger: true, loading: saving, 'data-testid': 'cancel-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {appointment && (
        <Typography.Paragraph>
          {t('appointment.cancelContent', {
            number: appointment.number,
            time: formatDateTime(appointment.startsAt),
            name: appointment.customer.name,
          })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} preserve={false}>
        <Form.Item
          name="reason"
          label={t('appointment.cancelReason')}
          required
          rules={[zodRule(cancelSchema.shape.reason, { label: t('appointment.cancelReason') })]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={500}
            showCount
            placeholder={t('appointment.cancelReasonPlaceholder')}
            data-testid="cancel-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
