import { CalendarOutlined, CopyOutlined, LinkOutlined } from '@ant-design/icons';
import { formatPlate } from '@servicebay/contracts/constants';
import { Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type PublicAppointment, publicApi } from '../../api/public';
import { linkPath } from '../../api/publicLink';
import { formatDateTime } from '../../components/DateText';
import { workSummary } from '../appointments/appointmentText';

/** Booked: the time, the link to manage it, and "add to calendar". */
export function BookingSuccess({ token, appointment }: { token: string; appointment: PublicAppointment }) {
  const { t } = useTranslation();
  const link = linkPath({ dealerCode: appointment.dealer.code, token });
  const managePath = `/my-booking/${link}`;
  const manageUrl = `${window.location.origin}${managePath}`;
  return (
    <Card data-testid="public-success">
      <Result
        status="success"
        style={{ padding: '16px 0' }}
        title={t('public.successTitle')}
        subTitle={t('public.successSubtitle', { time: formatDateTime(appointment.startsAt) })}
      />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('public.number')}>{appointment.number}</Descriptions.Item>
        <Descriptions.Item label={t('public.time')}>
          <Typography.Text strong>{formatDateTime(appointment.startsAt)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('public.dealer')}>{appointment.dealer.name}</Descriptions.Item>
        <Descriptions.Item label={t('public.plate')}>{formatPlate(appointment.plate)}</Descriptions.Item>
        <Descriptions.Item label={t('public.work')}>{workSummary(appointment.requestedWork)}</Descriptions.Item>
      </Descriptions>
      <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} size={12}>
        <Button type="primary" size="large" block icon={<CalendarOutlined />} href={publicApi.calendarUrl(link)} data-testid="public-ics">
          {t('public.addToCalendar')}
        </Button>
        <Link to={managePath} data-testid="public-manage-link">
          <Button size="large" block icon={<LinkOutlined />}>
            {t('public.manage')}
          </Button>
        </Link>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: 0 }}>
          {t('public.manageHint')}{' '}
          <Typography.Text
            copyable={{ text: manageUrl, icon: <CopyOutlined />, tooltips: [t('public.copyLink'), t('public.copied')] }}
            style={{ fontSize: 13, wordBreak: 'break-all' }}
          >
            {manageUrl}
          </Typography.Text>
        </Typography.Paragraph>
      </Space>
    </Card>
  );
}
