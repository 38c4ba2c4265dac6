import { UserSwitchOutlined } from '@ant-design/icons';
import { App, Button, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Appointment, appointmentsApi, isVersionConflict, useServiceAdvisors } from '../../api/appointments';
import { errorMessage } from '../../api/problems';
import { useRefreshAppointments } from './useAppointmentCache';

/** 分派服务顾问 (front-desk supervisor): the preferred SA is offered first. */
export function AssignSa({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const advisors = useServiceAdvisors();
  const refresh = useRefreshAppointments();
  const [saId, setSaId] = useState<string | null>(appointment.assignedSa?.id ?? appointment.preferredSa?.id ?? null);
  const [saving, setSaving] = useState(false);

  useEffect(
    () => setSaId(appointment.assignedSa?.id ?? appointment.preferredSa?.id ?? null),
    [appointment.id, appointment.assignedSa?.id, appointment.preferredSa?.id],
  );

  async function assign() {
    if (!saId) return;
    setSaving(true);
    try {
      const saved = await appointmentsApi.assign(appointment.id, { version: appointment.version, saId });
      void message.success(t('appointment.assigned', { name: saved.assignedSa?.name ?? '' }));
      refresh(saved);
    } catch (error) {
      if (isVersionConflict(error)) void message.warning(t('appointment.conflictReloaded'));
      else void message.error(errorMessage(error));
      refresh();
    } finally {
      setSaving(false);
    }
  }

  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }} data-testid="assign-sa">
      <Typography.Text strong>{t('appointment.assignSa')}</Typography.Text>
      <Select<string>
        value={saId ?? undefined}
        onChange={setSaId}
        loading={advisors.isPending}
        placeholder={t('appointment.pickSa')}
        style={{ minWidth: 200, flex: 1 }}
        options={(advisors.data ?? []).map((sa) => ({
          value: sa.id,
          label: sa.id === appointment.preferredSa?.id ? `${sa.name}（${t('appointment.preferred')}）` : sa.name,
        }))}
        data-testid="assign-sa-select"
      />
      <Button
        type="primary"
        icon={<UserSwitchOutlined />}
        disabled={!saId || saId === appointment.assignedSa?.id}
        loading={saving}
        onClick={() => void assign()}
        data-testid="assign-sa-submit"
      >
        {appointment.assignedSa ? t('appointment.reassign') : t('appointment.assign')}
      </Button>
    </div>
  );
}
