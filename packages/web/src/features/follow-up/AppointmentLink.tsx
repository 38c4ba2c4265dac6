import { CalendarOutlined } from '@ant-design/icons';
import { Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAppointment } from '../../api/appointments';
import { formatDateTime } from '../../components/DateText';
import { dealerDateOf } from '../../components/dealerTime';

/** The appointment a call booked: its number and time, opening it on the board. */
export function AppointmentLink({ id }: { id: string }) {
  const { t } = useTranslation();
  const appointment = useAppointment(id);
  if (appointment.isPending) return <Skeleton.Input active size="small" />;
  const a = appointment.data;
  const to = a ? `/appointments?date=${dealerDateOf(a.startsAt)}&open=${id}&highlight=${id}` : `/appointments?open=${id}`;
  return (
    <Link to={to} data-testid="appointment-link" data-appointment-id={id}>
      <CalendarOutlined />{' '}
      {a ? t('followUp.appointmentLink', { number: a.number, time: formatDateTime(a.startsAt) }) : t('followUp.appointmentLinkShort')}
    </Link>
  );
}
