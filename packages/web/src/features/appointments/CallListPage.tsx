import { CheckOutlined, CloseOutlined, PhoneOutlined, ReloadOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type Appointment, appointmentKeys, appointmentsApi, useAppointmentHistory } from '../../api/appointments';
import { errorMessage } from '../../api/problems';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { dealerDate, dealerTimeOf } from '../../components/dealerTime';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { AppointmentDrawer } from './AppointmentDrawer';
import { StatusTag } from './AppointmentTags';
import { dayLabel, workSummary } from './appointmentText';
import { CONFIRMATION_RESULTS } from './ConfirmationModal';
import { historyTitle } from './historyText';
import { RescheduleModal } from './RescheduleModal';
import { useRefreshAppointments } from './useAppointmentCache';

type Result = (typeof CONFIRMATION_RESULTS)[number];
const RESULT_ICONS = {
  confirmed: <CheckOutlined />,
  reschedule: <SwapOutlined />,
  cancel: <StopOutlined />,
  no_answer: <CloseOutlined />,
} as const;
const RESULT_COLORS = { confirmed: 'green', reschedule: 'gold', cancel: 'red', no_answer: 'default' } as const;

const isAttempt = (kind: string) => /confirm/i.test(kind);

/** The confirmation attempts made so far, from the appointment's history. */
function Attempts({ id }: { id: string }) {
  const { t } = useTranslation();
  const history = useAppointmentHistory(id);
  if (history.isPending) return <Skeleton.Input active size="small" />;
  const attempts = (history.data ?? []).filter((e) => isAttempt(e.kind));
  if (attempts.length === 0) return <Typography.Text type="secondary">{t('callList.noAttempts')}</Typography.Text>;
  const last = attempts[attempts.length - 1]!;
  const result = typeof last.data.result === 'string' ? (last.data.result as Result) : null;
  return (
    <Space size={6} wrap data-testid="call-attempts" data-count={attempts.length}>
      <Typography.Text>{t('callList.attempts', { count: attempts.length })}</Typography.Text>
      {result && RESULT_COLORS[result] ? (
        <Tag color={RESULT_COLORS[result]}>{t(`confirmation.results.${result}`)}</Tag>
      ) : (
        <Tag>{historyTitle(last.kind)}</Tag>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDateTime(last.at)}
      </Typography.Text>
    </Space>
  );
}

function CallRow({
  a,
  canRecord,
  onOpen,
  onRecorded,
}: {
  a: Appointment;
  canRecord: boolean;
  onOpen: () => void;
  onRecorded: (a: Appointment, result: Result) => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const refresh = useRefreshAppointments();
  const [busy, setBusy] = useState<Result | null>(null);

  async function record(result: Result) {
    setBusy(result);
    try {
      const saved = await appointmentsApi.confirm(a.id, {
        step: 'day_before',
        channel: 'phone',
        result,
        note: result === 'cancel' ? t('callList.cancelNote') : null,
      });
      void message.success(t('callList.recorded', { result: t(`confirmation.results.${result}`), plate: a.vehicle.plate }));
      refresh(saved);
      onRecorded(saved ?? a, result);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  function ask(result: Result) {
    if (result !== 'cancel') return void record(result);
    modal.confirm({
      title: t('callList.cancelTitle'),
      content: t('callList.cancelContent', { name: a.customer.name, time: formatDateTime(a.startsAt) }),
      okText: t('confirmation.results.cancel'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => record('cancel'),
    });
  }

  return (
    <div
      className="sb-row"
      style={{ cursor: 'default', flexWrap: 'wrap', alignItems: 'flex-start' }}
      data-testid="call-row"
      data-plate={a.vehicle.plate}
    >
      <div style={{ minWidth: 64 }}>
        <Typography.Text strong style={{ fontSize: 20, fontVariantNumeric: 'tabular-nums' }}>
          {dealerTimeOf(a.startsAt)}
        </Typography.Text>
      </div>
      <div style={{ flex: '1 1 260px', minWidth: 0, display: 'grid', gap: 4 }}>
        <Space wrap size={8}>
          <PlateTag plate={a.vehicle.plate} size="small" />
          <Typography.Link strong onClick={onOpen}>
            {a.customer.name}
          </Typography.Link>
          <a href={`tel:${a.customer.mobile}`} data-testid="call-phone" style={{ fontVariantNumeric: 'tabular-nums', fontSize: 16 }}>
            <PhoneOutlined /> {a.customer.mobile}
          </a>
          <StatusTag status={a.status} />
        </Space>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 13 }}>
          {workSummary(a.requestedWork)}
        </Typography.Text>
        <Attempts id={a.id} />
      </div>
      {canRecord && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {CONFIRMATION_RESULTS.map((result) => (
            <Button
              key={result}
              size="large"
              type={result === 'confirmed' ? 'primary' : 'default'}
              danger={result === 'cancel'}
              icon={RESULT_ICONS[result]}
              loading={busy === result}
              disabled={busy !== null && busy !== result}
              onClick={() => ask(result)}
              data-testid={`call-${result}`}
            >
              {t(`callList.buttons.${result}`)}
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}

/** N−1 确认电话: tomorrow's appointments not yet confirmed, with one tap per outcome. */
export function CallListPage() {
  const { t } = useTranslation();
  const canRecord = useCan('appointment.book');
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? dealerDate(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [rescheduling, setRescheduling] = useState<Appointment | null>(null);
  const list = useQuery({ queryKey: appointmentKeys.callList(date), queryFn: () => appointmentsApi.callList(date).then((r) => r.items) });

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('callList.title')}
      </Typography.Title>
      <Card
        title={
          <Space wrap>
            <DatePicker
              value={dayjs(date)}
              allowClear={false}
              inputReadOnly
              onChange={(d) => d && setParams({ date: d.format('YYYY-MM-DD') }, { replace: true })}
            />
            <Button
              type={date === dealerDate(1) ? 'primary' : 'default'}
              ghost={date === dealerDate(1)}
              onClick={() => setParams({}, { replace: true })}
            >
              {t('board.tomorrow')}
            </Button>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {dayLabel(date)}
              {list.data ? ` · ${t('callList.count', { count: list.data.length })}` : ''}
            </Typography.Text>
          </Space>
        }
        extra={
          <Button icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('common.reload')} onClick={() => void list.refetch()} />
        }
        styles={{ body: { padding: 0 } }}
        data-testid="call-list"
      >
        <Typography.Paragraph type="secondary" style={{ padding: '12px 16px 0', margin: 0 }}>
          {t('callList.hint')}
        </Typography.Paragraph>
        {list.isPending ? (
          <div style={{ padding: 16 }}>
            <PageSkeleton cards={1} />
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <div style={{ padding: 32 }}>
            <EmptyState description={t('callList.empty')} />
          </div>
        ) : (
          list.data.map((a) => (
            <CallRow
              key={a.id}
              a={a}
              canRecord={canRecord}
              onOpen={() => setOpenId(a.id)}
              onRecorded={(saved, result) => result === 'reschedule' && setRescheduling(saved)}
            />
          ))
        )}
      </Card>
      <AppointmentDrawer appointmentId={openId} onClose={() => setOpenId(null)} />
      <RescheduleModal appointment={rescheduling} onClose={() => setRescheduling(null)} />
    </div>
  );
}
