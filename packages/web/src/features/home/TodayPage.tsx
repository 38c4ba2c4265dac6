import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAppointments } from '../../api/appointments';
import { useComplaints } from '../../api/complaints';
import { useFollowUpQueue } from '../../api/followUp';
import { useServiceKpis } from '../../api/kpis';
import { useDriveToday } from '../../api/repairOrders';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { dealerDate, dealerTimeOf } from '../../components/dealerTime';
import { categoryText } from '../complaints/ComplaintTags';
import { Section } from './Section';

const STILL_ON_DRIVE = ['arrived', 'waiting_signature', 'in_workshop', 'quality_check', 'ready'] as const;

/** 今日概况 (service and general managers): today's figures, and the exceptions that need a manager. */
export function TodayPage() {
  const { t } = useTranslation();
  const today = dealerDate();
  const canDrive = useCan('drive.read');
  const canKpi = useCan('kpi.read');
  const canComplaints = useCan('complaint.read');
  const canAppointments = useCan('appointment.read');
  const canCalls = useCan('follow_up.work');
  const drive = useDriveToday(canDrive);
  const kpis = useServiceKpis(today, today, 'day', canKpi);
  const complaints = useComplaints({ view: 'overdue' }, canComplaints);
  const noShows = useAppointments({ from: today, to: today, status: 'no_show' }, canAppointments);
  const calls = useFollowUpQueue({ view: 'overdue', scope: 'team' }, canCalls);
  const figures = kpis.data?.[0];
  const onDrive = drive.data ? STILL_ON_DRIVE.reduce((n, stage) => n + drive.data.stages[stage].length, 0) : undefined;
  const rate = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value}%`);

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="today-page">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('today.title', { date: today })}
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            void drive.refetch();
            void kpis.refetch();
            void complaints.refetch();
          }}
        >
          {t('today.refresh')}
        </Button>
      </div>
      <Row gutter={[16, 16]} data-testid="today-figures">
        {canKpi && (
          <>
            <Col xs={12} md={8} xl={4}>
              <Card>
                <Statistic title={t('today.vehiclesIn')} value={figures?.vehiclesIn ?? 0} loading={kpis.isLoading} />
              </Card>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card>
                <Statistic title={t('today.timelyReception')} value={rate(figures?.timelyReceptionRate)} loading={kpis.isLoading} />
              </Card>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card>
                <Statistic title={t('today.onTimeDelivery')} value={rate(figures?.onTimeDeliveryRate)} loading={kpis.isLoading} />
              </Card>
            </Col>
          </>
        )}
        {canDrive && (
          <>
            <Col xs={12} md={8} xl={4}>
              <Card>
                <Statistic title={t('today.onDrive')} value={onDrive ?? 0} loading={drive.isLoading} />
              </Card>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card>
                <Statistic title={t('today.delivered')} value={drive.data?.stages.delivered.length ?? 0} loading={drive.isLoading} />
              </Card>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card>
                <Statistic
                  title={t('today.atRisk')}
                  value={drive.data?.atRisk.length ?? 0}
                  loading={drive.isLoading}
                  valueStyle={drive.data?.atRisk.length ? { color: '#cf1322' } : undefined}
                />
              </Card>
            </Col>
          </>
        )}
      </Row>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('today.exceptions')}
      </Typography.Title>
      <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))' }}>
        {canDrive && (
          <Section
            title={t('today.atRiskOrders')}
            testId="today-at-risk"
            query={{ ...drive, data: drive.data?.atRisk }}
            empty={t('today.noneAtRisk')}
            extra={<Link to="/drive">{t('today.drive')}</Link>}
            render={(entry) => (
              <Link
                to={entry.repairOrder ? `/repair-orders/${entry.repairOrder.id}` : `/visits/${entry.visitId}`}
                style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}
              >
                <Typography.Text strong>{entry.plate}</Typography.Text>
                <Typography.Text>{entry.customerName}</Typography.Text>
                {entry.sa && <Typography.Text type="secondary">{entry.sa.name}</Typography.Text>}
                <Tag color="error">{t(`drive.risk.${entry.atRiskReason ?? 'overdue'}`)}</Tag>
                {entry.promisedAt && (
                  <Typography.Text type="secondary">{t('drive.promisedAt', { time: formatDateTime(entry.promisedAt) })}</Typography.Text>
                )}
              </Link>
            )}
          />
        )}
        {canComplaints && (
          <Section
            title={t('today.overdueComplaints')}
            testId="today-complaints"
            query={{ ...complaints, data: complaints.data?.items }}
            empty={t('today.noOverdueComplaints')}
            extra={<Link to="/complaints?view=overdue">{t('today.all')}</Link>}
            render={(c) => (
              <Link to={`/complaints/${c.id}`} style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                <Typography.Text strong>{c.number}</Typography.Text>
                <Typography.Text>{c.customer.name}</Typography.Text>
                {c.category && <Tag>{categoryText(c.category, null)}</Tag>}
                {c.dueAt && <Typography.Text type="danger">{t('today.dueAt', { time: formatDateTime(c.dueAt) })}</Typography.Text>}
              </Link>
            )}
          />
        )}
        {canAppointments && (
          <Section
            title={t('today.noShows')}
            testId="today-no-shows"
            query={noShows}
            empty={t('today.noNoShows')}
            extra={<Link to="/appointments">{t('today.all')}</Link>}
            render={(a) => (
              <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                <Typography.Text strong>{dealerTimeOf(a.startsAt)}</Typography.Text>
                <Typography.Text>{a.vehicle.plate}</Typography.Text>
                <Link to={`/customers/${a.customer.id}`}>{a.customer.name}</Link>
              </div>
            )}
          />
        )}
        {canCalls && (
          <Section
            title={t('today.overdueCalls')}
            testId="today-calls"
            query={{ ...calls, data: calls.data?.items }}
            empty={t('today.noOverdueCalls')}
            extra={<Link to="/follow-up">{t('today.all')}</Link>}
            render={(task) => (
              <Link to={`/follow-up/${task.id}`} style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                <Typography.Text strong>{task.customer.name}</Typography.Text>
                {task.vehicle && <Typography.Text>{task.vehicle.plate}</Typography.Text>}
                {task.owner && <Typography.Text type="secondary">{task.owner.name}</Typography.Text>}
              </Link>
            )}
          />
        )}
      </div>
    </div>
  );
}
