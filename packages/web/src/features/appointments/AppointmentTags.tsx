import { CheckCircleFilled, ClockCircleOutlined, CrownFilled, FlagFilled, StarFilled, StopOutlined } from '@ant-design/icons';
import type { AppointmentStatusDto } from '@servicebay/contracts';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Appointment } from '../../api/appointments';

export const STATUS_COLORS: Record<AppointmentStatusDto, string> = {
  booked: 'blue',
  confirmed: 'green',
  arrived: 'cyan',
  no_show: 'red',
  cancelled: 'default',
};

const ARRIVAL_COLORS = { early: 'geekblue', on_time: 'green', late: 'orange' } as const;

export function StatusTag({ status }: { status: AppointmentStatusDto }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="appointment-status" data-status={status}>
      {t(`appointment.statuses.${status}`)}
    </Tag>
  );
}

/** 已确认 / 未确认 (only while the appointment is still ahead). */
export function ConfirmedTag({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  if (appointment.status !== 'booked' && appointment.status !== 'confirmed') return null;
  // The status tag already says 已确认.
  if (appointment.confirmed && appointment.status === 'confirmed') return null;
  return appointment.confirmed ? (
    <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }} data-testid="confirmed-tag">
      {t('appointment.confirmedTag')}
    </Tag>
  ) : (
    <Tag icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid="unconfirmed-tag">
      {t('appointment.unconfirmedTag')}
    </Tag>
  );
}

export function ArrivalTag({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  if (!appointment.arrivalStatus) return null;
  return (
    <Tag color={ARRIVAL_COLORS[appointment.arrivalStatus]} style={{ marginInlineEnd: 0 }}>
      {t(`appointment.arrival.${appointment.arrivalStatus}`)}
    </Tag>
  );
}

/** The red flag of an appointment still without an SA after the day-before deadline. */
export function UnassignedFlag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('appointment.unassignedLateHint')}>
      <Tag color="error" icon={<FlagFilled />} style={{ marginInlineEnd: 0 }} data-testid="unassigned-flag">
        {t('appointment.unassignedLate')}
      </Tag>
    </Tooltip>
  );
}

/** 预约专用通道 for a customer who keeps the booking's benefits or a member with priority booking, or why they lost them (recent no-shows). */
export function BenefitTag({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  if (appointment.benefits.dedicatedLane)
    return (
      <Tag
        color="gold"
        icon={appointment.benefits.priorityMember ? <CrownFilled /> : <StarFilled />}
        style={{ marginInlineEnd: 0 }}
        data-testid="dedicated-lane"
      >
        {t(appointment.benefits.priorityMember ? 'appointment.priorityMember' : 'appointment.dedicatedLane')}
      </Tag>
    );
  if (!appointment.benefits.lostToNoShows || appointment.status === 'cancelled') return null;
  return (
    <Tooltip title={t('appointment.benefitsLostHint', { count: appointment.benefits.recentNoShows })}>
      <Tag icon={<StopOutlined />} style={{ marginInlineEnd: 0 }} data-testid="benefits-lost">
        {t('appointment.benefitsLost')}
      </Tag>
    </Tooltip>
  );
}
