import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Col, DatePicker, Row, Skeleton, Statistic, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appointmentKeys, appointmentsApi, type RosterDay, useBookingSettings } from '../../api/appointments';
import { errorMessage } from '../../api/problems';
import { dealerDate } from '../../components/dealerTime';
import { EmptyState, ErrorState } from '../../components/PageState';
import { dayLabel } from '../appointments/appointmentText';

type Staff = RosterDay['serviceAdvisors'][number];

function StaffList({
  title,
  staff,
  busy,
  onToggle,
}: {
  title: string;
  staff: Staff[];
  busy: boolean;
  onToggle: (id: string, off: boolean) => void;
}) {
  const { t } = useTranslation();
  const working = staff.filter((s) => !s.off).length;
  return (
    <Card size="small" title={`${title} · ${t('roster.working', { working, total: staff.length })}`}>
      {staff.length === 0 ? (
        <EmptyState description={t('roster.noStaff')} />
      ) : (
        <div style={{ display: 'grid', gap: 4 }}>
          {staff.map((s) => (
            <label
              key={s.id}
              style={{ display: 'flex', alignItems: 'center', gap: 10, minHeight: 44, cursor: 'pointer' }}
              data-testid="roster-staff"
              data-off={s.off}
            >
              <Switch
                checked={!s.off}
                disabled={busy}
                onChange={(on) => onToggle(s.id, !on)}
                checkedChildren={t('roster.on')}
                unCheckedChildren={t('roster.off')}
              />
              <Typography.Text delete={s.off} type={s.off ? 'secondary' : undefined}>
                {s.name}
              </Typography.Text>
            </label>
          ))}
        </div>
      )}
    </Card>
  );
}

/** 排班: who is off on a day, and what that leaves per slot. */
export function RosterCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(() => dealerDate(1));
  const roster = useQuery({ queryKey: appointmentKeys.roster(date), queryFn: () => appointmentsApi.roster(date) });
  const settings = useBookingSettings();
  const [busy, setBusy] = useState(false);

  async function toggle(id: string, off: boolean) {
    const current = roster.data;
    if (!current) return;
    const everyone = [...current.serviceAdvisors, ...current.technicians];
    const offUserIds = everyone.filter((s) => (s.id === id ? off : s.off)).map((s) => s.id);
    // Show the switch at once; the capacity follows from the server's answer.
    const mark = (list: Staff[]) => list.map((s) => (s.id === id ? { ...s, off } : s));
    queryClient.setQueryData<RosterDay>(appointmentKeys.roster(date), {
      ...current,
      serviceAdvisors: mark(current.serviceAdvisors),
      technicians: mark(current.technicians),
    });
    setBusy(true);
    try {
      const saved = await appointmentsApi.updateRoster(date, [...new Set(offUserIds)]);
      queryClient.setQueryData(appointmentKeys.roster(date), saved);
      void queryClient.invalidateQueries({ queryKey: ['availability'] });
    } catch (error) {
      queryClient.setQueryData(appointmentKeys.roster(date), current);
      void message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const r = roster.data;
  const ratio = settings.data?.capacityRatio;
  const sas = r?.serviceAdvisors.length ?? 0;
  const techs = r?.technicians.length ?? 0;
  const off = r ? [...r.serviceAdvisors, ...r.technicians].filter((s) => s.off).length : 0;

  return (
    <Card
      title={t('roster.title')}
      extra={
        <DatePicker
          value={dayjs(date)}
          allowClear={false}
          inputReadOnly
          onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
          data-testid="roster-date"
        />
      }
      data-testid="roster"
    >
      {roster.isPending ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : roster.isError ? (
        <ErrorState error={roster.error} onRetry={() => void roster.refetch()} />
      ) : r ? (
        <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
          <Alert
            type={r.capacityPerSlot > 0 ? 'info' : 'warning'}
            showIcon={false}
            title={
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24, alignItems: 'center' }}>
                <Statistic
                  title={t('roster.capacityFor', { day: dayLabel(date) })}
                  value={r.capacityPerSlot}
                  suffix={t('roster.perSlot')}
                  data-testid="roster-capacity"
                />
                <div style={{ display: 'grid', gap: 4 }}>
                  <Typography.Text type="secondary">{t('roster.formula')}</Typography.Text>
                  {ratio !== undefined && (
                    <Typography.Text className="sb-mono" data-testid="roster-formula">
                      {t('roster.formulaValues', { percent: Math.round(ratio * 1000) / 10, sas, techs, off, capacity: r.capacityPerSlot })}
                    </Typography.Text>
                  )}
                </div>
              </div>
            }
          />
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              <StaffList
                title={t('roster.serviceAdvisors')}
                staff={r.serviceAdvisors}
                busy={busy}
                onToggle={(id, isOff) => void toggle(id, isOff)}
              />
            </Col>
            <Col xs={24} md={12}>
              <StaffList
                title={t('roster.technicians')}
                staff={r.technicians}
                busy={busy}
                onToggle={(id, isOff) => void toggle(id, isOff)}
              />
            </Col>
          </Row>
        </div>
      ) : null}
    </Card>
  );
}
