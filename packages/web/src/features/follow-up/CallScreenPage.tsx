import {
  ArrowLeftOutlined,
  CalendarOutlined,
  CheckCircleFilled,
  ForwardOutlined,
  ReloadOutlined,
  SmileOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Appointment, CallResult, CareRule } from '@servicebay/contracts';
import { Alert, App, Button, Card, Col, Row, Space, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { SurveyResponse } from '../../api/csi';
import { type FollowUpTask, type QueueScope, useCallScreen, useFollowUpQueue } from '../../api/followUp';
import { useCan } from '../../app/session';
import { formatDate } from '../../components/DateText';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { AppointmentLink } from './AppointmentLink';
import { BookFromCallDrawer } from './BookFromCallDrawer';
import { AttemptsCard, CustomerSummaryCard, ScriptCard } from './CallScreenParts';
import { CallSurveyDrawer } from './CallSurveyDrawer';
import { CallBackTag, OverdueTag, RuleTag, TaskStatusTag } from './FollowUpTags';
import { CARE_RULES, nextTaskId, queueSearch } from './followUp';
import { OutcomeForm } from './OutcomeForm';
import { ReassignButton } from './ReassignButton';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

type Saved = { result: CallResult | 'booked'; task: FollowUpTask };

/** 回访电话: the customer 360 summary, the script, and the outcome form, then the next call. */
export function CallScreenPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const canManage = useCan('follow_up.manage');
  const canSurvey = useCan('survey.record');
  const { message } = App.useApp();
  const scope: QueueScope = params.get('scope') === 'team' && canManage ? 'team' : 'mine';
  const ruleParam = params.get('rule');
  const rule = (CARE_RULES as readonly string[]).includes(ruleParam ?? '') ? (ruleParam as CareRule) : undefined;
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const screen = useCallScreen(id, locale);
  const today = useFollowUpQueue({ view: 'today', scope, rule });
  const next = nextTaskId(today.data?.items, id);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [booking, setBooking] = useState(false);
  const [surveying, setSurveying] = useState(false);
  // This order's survey is in (recorded now, or answered before): the response when recorded here.
  const [surveyed, setSurveyed] = useState<{ response: SurveyResponse | null } | null>(null);

  useEffect(() => {
    setSaved(null);
    setBooking(false);
    setSurveying(false);
    setSurveyed(null);
    window.scrollTo({ top: 0 });
  }, [id]);

  const goNext = () => next && void navigate(`/follow-up/${next}${queueSearch(scope, rule)}`, { replace: false });
  const back = () => void navigate(`/follow-up${queueSearch(scope, rule)}`);

  // N: the next call, once this one is recorded.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (
        event.key.toLowerCase() !== 'n' ||
        !saved ||
        !next ||
        booking ||
        surveying ||
        isTyping(event.target) ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey
      )
        return;
      if (event.target instanceof Element && event.target.closest('.ant-modal, .ant-drawer')) return;
      event.preventDefault();
      goNext();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }); // every render: `next` and `saved` change

  if (screen.isPending) return <PageSkeleton cards={3} />;
  if (screen.isError)
    return <ErrorState error={screen.error} onRetry={() => void screen.refetch()} notFoundText={t('followUp.call.notFound')} />;
  const data = screen.data;
  const task = data.task;
  const open = task.status === 'open';
  // As the server's policy answered on the task: another agent's call is a supervisor's to work; an agent asks for it to be reassigned.
  const mayWork = task.can.work;

  const csiText = (csi: number | null) =>
    csi === null ? t('followUp.survey.recordedNoScore') : t('followUp.survey.recorded', { csi: Math.round(csi * 10) / 10 });
  const surveyRecorded = (response: SurveyResponse) => {
    setSurveying(false);
    setSurveyed({ response });
    void message.success(csiText(response.csi));
  };
  const surveyAnswered = () => {
    setSurveying(false);
    setSurveyed({ response: null });
    void message.info(t('followUp.survey.alreadyAnswered'));
  };

  const nextButton = (primary: boolean) => (
    <Tooltip title={next ? t('followUp.call.nextHint') : t('followUp.call.noNext')}>
      <Button
        type={primary ? 'primary' : 'default'}
        size="large"
        icon={<ForwardOutlined />}
        disabled={!next}
        onClick={goNext}
        data-testid="next-call"
      >
        {t('followUp.call.next')}
      </Button>
    </Tooltip>
  );

  return (
    <div
      style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}
      data-testid="call-screen"
      data-task-id={task.id}
      data-status={task.status}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <Button type="text" size="large" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={back} />
        <RuleTag rule={task.rule} large />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {task.customer.name}
        </Typography.Title>
        {task.vehicle && <PlateTag plate={task.vehicle.plate} />}
        <TaskStatusTag task={task} />
        {task.overdue && <OverdueTag />}
        <CallBackTag task={task} />
        <div style={{ flex: 1 }} />
        <Space wrap>
          <Button
            icon={<ReloadOutlined spin={screen.isFetching} />}
            aria-label={t('common.reload')}
            onClick={() => void screen.refetch()}
          />
          {task.can.reassign && open && <ReassignButton task={task} />}
          {task.can.book && (
            <Tooltip title={task.vehicle ? undefined : t('followUp.booking.noVehicle')}>
              <Button
                size="large"
                icon={<CalendarOutlined />}
                disabled={!task.vehicle}
                onClick={() => setBooking(true)}
                data-testid="book-from-call"
              >
                {t('followUp.booking.open')}
              </Button>
            </Tooltip>
          )}
          {canSurvey && task.repairOrderId && (
            <Tooltip title={surveyed ? t('followUp.survey.done') : undefined}>
              <Button
                size="large"
                icon={<SmileOutlined />}
                disabled={!!surveyed}
                onClick={() => setSurveying(true)}
                data-testid="call-record-survey"
              >
                {t('followUp.survey.open')}
              </Button>
            </Tooltip>
          )}
          {nextButton(!open)}
        </Space>
      </div>
      <Space wrap size={16} style={{ color: 'rgba(0,0,0,0.55)' }}>
        <span data-testid="call-window">
          {t('followUp.call.window', {
            from: formatDate(task.dueFrom),
            until: formatDate(task.dueUntil),
            anchor: formatDate(task.anchorOn),
          })}
        </span>
        <span>
          <UserOutlined /> {t('followUp.ownerIs', { name: task.owner?.name ?? t('followUp.noOwner') })}
        </span>
        <span>{task.attempts > 0 ? t('followUp.attempts', { count: task.attempts }) : t('followUp.noAttempts')}</span>
      </Space>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14} xxl={16}>
          <Row gutter={[16, 16]}>
            <Col xs={24} xxl={11}>
              <CustomerSummaryCard screen={data} />
            </Col>
            <Col xs={24} xxl={13}>
              <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
                <ScriptCard script={data.script} />
                <AttemptsCard attempts={data.attempts} />
              </div>
            </Col>
          </Row>
        </Col>
        <Col xs={24} lg={10} xxl={8}>
          <div style={{ position: 'sticky', top: 80, display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
            {saved && (
              <Alert
                type="success"
                showIcon
                icon={<CheckCircleFilled />}
                data-testid="call-saved"
                title={
                  saved.result === 'booked'
                    ? t('followUp.call.savedBooked')
                    : t('followUp.call.saved', { result: t(`followUp.results.${saved.result}`) })
                }
                description={
                  <div style={{ display: 'grid', gap: 8 }}>
                    <span>
                      {saved.task.status === 'open'
                        ? t('followUp.call.stillOpen')
                        : t('followUp.call.closedNow', { status: t(`followUp.statuses.${saved.task.status}`) })}
                    </span>
                    <Space wrap>
                      {nextButton(true)}
                      <Button size="large" onClick={back}>
                        {t('followUp.call.backToQueue')}
                      </Button>
                    </Space>
                  </div>
                }
              />
            )}
            {surveyed?.response && (
              <Alert
                type={surveyed.response.low ? 'warning' : 'success'}
                showIcon
                data-testid="call-survey-result"
                data-low={surveyed.response.low}
                title={csiText(surveyed.response.csi)}
                description={
                  surveyed.response.low ? (
                    <Space wrap size={8}>
                      <span>{t('followUp.survey.low')}</span>
                      {surveyed.response.complaintId && (
                        <Link to={`/complaints/${surveyed.response.complaintId}`} data-testid="call-survey-complaint">
                          {t('followUp.survey.viewComplaint')}
                        </Link>
                      )}
                    </Space>
                  ) : undefined
                }
              />
            )}
            {task.appointmentId && (
              <Card size="small" title={t('followUp.call.appointment')} data-testid="call-appointment">
                <AppointmentLink id={task.appointmentId} />
              </Card>
            )}
            <Card title={t('followUp.call.outcome')} data-testid="call-outcome">
              {open && !mayWork ? (
                <Alert
                  type="warning"
                  showIcon
                  title={t('followUp.call.notYours', { name: task.owner?.name ?? '' })}
                  data-testid="call-not-yours"
                />
              ) : open ? (
                <OutcomeForm
                  screen={data}
                  keyboard={!booking && !surveying}
                  onSaved={(updated, result) => setSaved({ task: updated, result })}
                />
              ) : (
                <div style={{ display: 'grid', gap: 12 }} data-testid="call-closed">
                  <Typography.Text>{t('followUp.call.closedTitle', { status: t(`followUp.statuses.${task.status}`) })}</Typography.Text>
                  {!saved && (
                    <Space wrap>
                      {nextButton(true)}
                      <Button size="large" onClick={back}>
                        {t('followUp.call.backToQueue')}
                      </Button>
                    </Space>
                  )}
                </div>
              )}
            </Card>
          </div>
        </Col>
      </Row>
      {canSurvey && task.repairOrderId && (
        <CallSurveyDrawer
          open={surveying}
          screen={data}
          onClose={() => setSurveying(false)}
          onRecorded={surveyRecorded}
          onAlreadyAnswered={surveyAnswered}
        />
      )}
      {open && (
        <BookFromCallDrawer
          open={booking}
          screen={data}
          onClose={() => setBooking(false)}
          onBooked={(updated: FollowUpTask, _appointment: Appointment) => {
            setBooking(false);
            setSaved({ task: updated, result: 'booked' });
          }}
        />
      )}
    </div>
  );
}
