import {
  AimOutlined,
  ArrowLeftOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  CheckOutlined,
  ClockCircleOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  LockOutlined,
  MessageOutlined,
  ReloadOutlined,
  ShopOutlined,
  SwapOutlined,
  UnlockOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type ComplaintDetail, type ComplaintPatch, complaintsApi, useComplaint } from '../../api/complaints';
import { formatDateTime } from '../../components/DateText';
import { MobileText } from '../../components/MobileText';
import { formatFen } from '../../components/money';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { AppointmentLink } from '../follow-up/AppointmentLink';
import { AnalysisCard } from './AnalysisCard';
import { BookRepairDrawer } from './BookRepairDrawer';
import { ComplaintActionModal, type ModalAction } from './ComplaintActionModals';
import { categoryText, DueCountdown, LevelTag, OverdueTag, SeverityTag, StatusTag, tr } from './ComplaintTags';
import { ComplaintTimeline } from './ComplaintTimeline';
import { availableActions, type ComplaintAction } from './complaints';
import { RecoveryCard } from './RecoveryCard';
import { useCaseUpdate } from './useCaseUpdate';

const grid = { display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' } as const;

/** The customer's own words, and what they ask for and who they are (both editable in place). */
function WordsCard({ complaint, editable }: { complaint: ComplaintDetail; editable: boolean }) {
  const { t } = useTranslation();
  const update = useCaseUpdate();

  async function save(field: 'demand' | 'background', value: string) {
    const next = value.trim() || null;
    if (next === complaint[field]) return;
    const patch: ComplaintPatch = { version: complaint.version, [field]: next };
    try {
      update.saved(await complaintsApi.update(complaint.id, patch));
    } catch (error) {
      update.failed(complaint.id, error);
    }
  }

  const editableText = (field: 'demand' | 'background') => (
    <Typography.Paragraph
      style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}
      type={complaint[field] ? undefined : 'secondary'}
      editable={
        editable
          ? {
              text: complaint[field] ?? '',
              onChange: (v) => void save(field, v),
              maxLength: 1000,
              autoSize: { minRows: 2, maxRows: 6 },
              tooltip: t('common.edit'),
            }
          : false
      }
      data-testid={`complaint-${field}`}
    >
      {complaint[field] ?? t('complaints.case.notRecorded')}
    </Typography.Paragraph>
  );

  return (
    <Card title={t('complaints.case.wordsTitle')} data-testid="complaint-words-card">
      <blockquote
        style={{
          margin: 0,
          padding: '8px 12px',
          borderInlineStart: '4px solid #fa8c16',
          background: '#fff7e6',
          borderRadius: 4,
          whiteSpace: 'pre-wrap',
          fontSize: 15,
        }}
        data-testid="complaint-words"
      >
        {complaint.customerWords}
      </blockquote>
      <Descriptions column={1} size="small" style={{ marginTop: 16 }} styles={{ label: { width: 120 } }}>
        <Descriptions.Item label={t('complaints.fields.demand')}>{editableText('demand')}</Descriptions.Item>
        <Descriptions.Item label={t('complaints.fields.background')}>{editableText('background')}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** 投诉档案: how it ended, once closed. */
function ArchiveCard({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  return (
    <Card
      title={
        <Space>
          <FileDoneOutlined />
          {t('complaints.archive.title')}
        </Space>
      }
      data-testid="complaint-archive"
    >
      <Descriptions column={1} size="small" styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t('complaints.archive.closedAt')}>
          {formatDateTime(complaint.closedAt) ?? t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.fields.finalSatisfaction')}>
          <span data-testid="archive-satisfaction">
            {complaint.finalSatisfaction ? t(`complaints.satisfaction.${complaint.finalSatisfaction}`) : t('common.none')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.fields.causeClass')}>
          {complaint.causeClass ? t(`complaints.causeClasses.${complaint.causeClass}`) : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.fields.preventable')}>
          {complaint.preventable === null ? t('common.none') : complaint.preventable ? t('common.yes') : t('common.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.fields.preventionMeasure')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{complaint.preventionMeasure ?? t('common.none')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.archive.wasOverdue')}>
          {complaint.wasOverdue ? (
            <Tag color="red" data-testid="archive-was-overdue">
              {t('common.yes')}
            </Tag>
          ) : (
            <span data-testid="archive-was-overdue">{t('common.no')}</span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.archive.recoveryCost')}>
          <span data-testid="archive-recovery-cost">{formatFen(complaint.recoveryCostFen)}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

const ACTION_ICONS: Partial<Record<ComplaintAction, ReactNode>> = {
  communicate: <MessageOutlined />,
  handover: <UserSwitchOutlined />,
  assignHandler: <SwapOutlined />,
  accept: <CheckCircleOutlined />,
  book: <CalendarOutlined />,
  close: <LockOutlined />,
  reopen: <UnlockOutlined />,
  assignDealer: <ShopOutlined />,
  deadline: <FieldTimeOutlined />,
};
const TEST_IDS: Partial<Record<ComplaintAction, string>> = {
  communicate: 'complaint-communicate',
  handover: 'complaint-handover',
  assignHandler: 'complaint-assign-handler',
  accept: 'complaint-accept',
  book: 'complaint-book',
  close: 'complaint-close',
  reopen: 'complaint-reopen',
  assignDealer: 'complaint-assign-dealer',
  deadline: 'complaint-deadline',
};
const MODAL_ACTIONS: ModalAction[] = ['communicate', 'accept', 'close', 'handover', 'assignHandler', 'reopen', 'assignDealer', 'deadline'];

/** 投诉案件: the case as it stands, its timers, the analysis, the recovery, the record — and the next step. */
export function ComplaintPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const update = useCaseUpdate();
  const query = useComplaint(id);
  const [modal, setModal] = useState<ModalAction | null>(null);
  const [booking, setBooking] = useState(false);
  const [acknowledging, setAcknowledging] = useState(false);

  if (query.isPending) return <PageSkeleton cards={3} />;
  if (query.isError)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} notFoundText={t('complaints.case.notFound')} />;
  const c = query.data;
  const actions = availableActions(c);
  const closed = c.status === 'closed';

  async function acknowledge() {
    setAcknowledging(true);
    try {
      update.saved(await complaintsApi.acknowledge(c.id, { version: c.version }));
      void message.success(t('complaints.actions.acknowledged'));
    } catch (error) {
      update.failed(c.id, error);
    } finally {
      setAcknowledging(false);
    }
  }

  const primary: ModalAction | 'book' | null =
    c.status === 'acknowledged' && !c.feedbackAt ? 'communicate' : actions.has('close') ? 'close' : null;
  const actionButton = (action: ModalAction | 'book') =>
    actions.has(action) ? (
      <Button
        key={action}
        size="large"
        type={primary === action ? 'primary' : 'default'}
        icon={ACTION_ICONS[action]}
        onClick={() => (action === 'book' ? setBooking(true) : setModal(action))}
        data-testid={TEST_IDS[action]}
      >
        {t(`complaints.actions.${action}`)}
      </Button>
    ) : null;

  const person = (label: string, name: string | null | undefined, testId: string, extra?: ReactNode) => (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text type="secondary">{t('complaints.labelled', { label })}</Typography.Text>
      <Typography.Text strong data-testid={testId}>
        {name ?? t('common.none')}
      </Typography.Text>
      {extra}
    </span>
  );

  return (
    <div style={grid} data-testid="complaint-page" data-id={c.id} data-status={c.status} data-version={c.version}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        <Button
          type="text"
          size="large"
          icon={<ArrowLeftOutlined />}
          aria-label={t('common.back')}
          onClick={() => void navigate('/complaints')}
        />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('complaints.case.title')}{' '}
          <span className="sb-mono" data-testid="complaint-number">
            {c.number}
          </span>
        </Typography.Title>
        <StatusTag status={c.status} testId="complaint-status" />
        <LevelTag level={c.level} testId="complaint-level" />
        {c.overdue && <OverdueTag />}
        <SeverityTag severity={c.severity} escalatedTo={c.escalatedTo} />
        <div style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined spin={query.isFetching} />} aria-label={t('common.reload')} onClick={() => void query.refetch()} />
      </div>

      <Card size="small" styles={{ body: { display: 'grid', gap: 10 } }}>
        <Space wrap size={[16, 8]}>
          <Link to={`/customers/${c.customer.id}`} style={{ fontSize: 17, fontWeight: 600 }} data-testid="complaint-customer">
            {c.customer.name}
          </Link>
          <MobileText mobile={c.customer.mobile} revealable />
          {c.vehicle && <PlateTag plate={c.vehicle.plate} size="small" />}
          {c.vehicle?.model && <Typography.Text type="secondary">{c.vehicle.model}</Typography.Text>}
          {c.repairOrder && (
            <Link to={`/repair-orders/${c.repairOrder.id}`} data-testid="complaint-repair-order">
              {t('complaints.case.repairOrder', { number: c.repairOrder.number })}
              {c.repairOrder.serviceAdvisor ? ` · ${c.repairOrder.serviceAdvisor.name}` : ''}
            </Link>
          )}
          <Typography.Text type="secondary">
            {t('complaints.case.received', { time: formatDateTime(c.receivedAt), channel: t(`complaints.channels.${c.channel}`) })}
          </Typography.Text>
          <Typography.Text>
            {categoryText(c.category, c.subcategory) ?? <Typography.Text type="secondary">{t('complaints.unclassified')}</Typography.Text>}
          </Typography.Text>
        </Space>
        <Space wrap size={[16, 8]} align="center">
          {closed ? (
            <Typography.Text type="secondary" data-testid="complaint-due">
              <CheckOutlined /> {t('complaints.case.closedAt', { time: formatDateTime(c.closedAt) })}
            </Typography.Text>
          ) : (
            <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
              <ClockCircleOutlined style={{ color: '#8c8c8c' }} />
              {c.dueStep && c.dueAt ? (
                <Typography.Text type="secondary">
                  {t('complaints.case.dueStep', { step: t(`complaints.steps.${c.dueStep}`), time: formatDateTime(c.dueAt) })}
                </Typography.Text>
              ) : null}
              <DueCountdown complaint={c} testId="complaint-due" />
            </span>
          )}
          {c.carMakerDeadlineAt && (
            <Tag color="magenta" icon={<AimOutlined />} data-testid="complaint-car-maker-deadline" style={{ marginInlineEnd: 0 }}>
              {t('complaints.case.carMakerDeadline', { time: formatDateTime(c.carMakerDeadlineAt) })}
            </Tag>
          )}
        </Space>
        <Space wrap size={[20, 8]}>
          {person(t('complaints.fields.firstResponder'), c.firstResponder?.name, 'complaint-first-responder')}
          {person(t('complaints.fields.owner'), c.owner?.name, 'complaint-owner')}
          {person(
            t('complaints.fields.handler'),
            c.handler?.name ?? t('complaints.noHandler'),
            'complaint-handler',
            c.handler?.role ? (
              <Typography.Text type="secondary">
                {' '}
                {t('complaints.inParentheses', { text: tr(`complaints.roles.${c.handler.role}`) })}
              </Typography.Text>
            ) : null,
          )}
          {person(t('complaints.fields.dealer'), c.dealer.name, 'complaint-dealer')}
        </Space>
      </Card>

      {(actions.size > 0 || !closed) && (
        <Space wrap size={8} data-testid="complaint-actions">
          {actions.has('acknowledge') && (
            <Button
              size="large"
              type="primary"
              icon={<CheckOutlined />}
              loading={acknowledging}
              onClick={() => void acknowledge()}
              data-testid="complaint-acknowledge"
            >
              {t('complaints.actions.acknowledge')}
            </Button>
          )}
          {MODAL_ACTIONS.slice(0, 2).map(actionButton)}
          {actionButton('book')}
          {MODAL_ACTIONS.slice(2).map(actionButton)}
        </Space>
      )}
      {!closed && actions.size === 0 && (
        <Alert type="info" showIcon title={t('complaints.case.readOnly')} data-testid="complaint-read-only" />
      )}
      {c.overdue && !closed && (
        <Alert type="error" showIcon title={t('complaints.case.overdueHint', { level: t(`complaints.levels.${c.level}`) })} />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <div style={grid}>
            {closed && <ArchiveCard complaint={c} />}
            <WordsCard complaint={c} editable={actions.has('edit')} />
            <AnalysisCard complaint={c} editable={actions.has('edit')} />
            <RecoveryCard complaint={c} canAdd={actions.has('addRecovery')} />
          </div>
        </Col>
        <Col xs={24} xl={10}>
          <div style={grid}>
            {(c.customerAcceptedAt || c.appointmentId || c.followUpTaskId) && (
              <Card size="small" data-testid="complaint-progress">
                <div style={{ display: 'grid', gap: 8 }}>
                  {c.customerAcceptedAt && (
                    <Typography.Text data-testid="complaint-accepted">
                      <CheckCircleOutlined style={{ color: '#389e0d' }} />{' '}
                      {t('complaints.case.customerAccepted', { time: formatDateTime(c.customerAcceptedAt) })}
                    </Typography.Text>
                  )}
                  {c.appointmentId && <AppointmentLink id={c.appointmentId} />}
                  {c.followUpTaskId && (
                    <Link to={`/follow-up/${c.followUpTaskId}`} data-testid="complaint-follow-up">
                      {t('complaints.case.followUpCall')}
                    </Link>
                  )}
                </div>
              </Card>
            )}
            <ComplaintTimeline events={c.events} />
          </div>
        </Col>
      </Row>

      <ComplaintActionModal action={modal} complaint={c} onClose={() => setModal(null)} />
      {actions.has('book') && <BookRepairDrawer open={booking} complaint={c} onClose={() => setBooking(false)} />}
    </div>
  );
}
