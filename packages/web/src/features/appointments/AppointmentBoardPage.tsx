import { LeftOutlined, LoginOutlined, PlusOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Segmented, Select, Space, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  type Appointment,
  appointmentsApi,
  isVersionConflict,
  type SlotDto,
  slotFullAlternatives,
  useAppointments,
  useAvailability,
  useBookingSettings,
  useServiceAdvisors,
} from '../../api/appointments';
import { errorMessage } from '../../api/problems';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { datesBetween, dealerDate, weekStart } from '../../components/dealerTime';
import { useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { AppointmentDrawer } from './AppointmentDrawer';
import { isUnassignedLate } from './appointmentText';
import { BoardGrid } from './BoardGrid';
import { NetworkAppointmentList } from './NetworkAppointmentList';
import { RescheduleModal } from './RescheduleModal';
import { useRefreshAppointments } from './useAppointmentCache';
import { WalkInModal } from './WalkInModal';

type View = 'day' | 'week';
const DEFAULT_DEADLINE = '17:00';

/** 预约看板: a dealer's board; the car maker reads every dealer's appointments in a list. */
export function AppointmentBoardPage() {
  return useIsCarMaker() ? <NetworkAppointmentList /> : <DealerAppointmentBoard />;
}

/** The day's or week's appointments per time slot, for agents, the desk and SAs. */
function DealerAppointmentBoard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canBook = useCan('appointment.book');
  const canCheckIn = useCan('appointment.checkin');
  const [walkIn, setWalkIn] = useState(false);
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? dealerDate(0);
  const view: View = params.get('view') === 'week' ? 'week' : 'day';
  const saId = params.get('sa') ?? undefined;
  const highlightId = params.get('highlight');
  const openId = params.get('open');
  const [showCancelled, setShowCancelled] = useState(false);
  const [moveFull, setMoveFull] = useState<{ appointment: Appointment; alternatives: SlotDto[] } | null>(null);
  const refresh = useRefreshAppointments();

  const dates = useMemo(
    () => (view === 'day' ? [date] : datesBetween(weekStart(date), dayjs(weekStart(date)).add(6, 'day').format('YYYY-MM-DD'))),
    [view, date],
  );
  const from = dates[0]!;
  const to = dates[dates.length - 1]!;
  const list = useAppointments({ from, to, saId });
  const availability = useAvailability(from, to);
  const settings = useBookingSettings();
  const advisors = useServiceAdvisors();
  const deadline = settings.data?.assignmentDeadline ?? DEFAULT_DEADLINE;
  const isFlagged = useCallback((a: Appointment) => isUnassignedLate(a, deadline), [deadline]);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  // Scroll the just-booked card into view once it is there.
  useEffect(() => {
    if (!highlightId || !list.data) return;
    const el = document.querySelector(`[data-testid="appointment-card"][data-id="${highlightId}"]`);
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [highlightId, list.data]);

  const appointments = (list.data ?? []).filter((a) => showCancelled || a.status !== 'cancelled');
  const flaggedCount = appointments.filter(isFlagged).length;

  async function move(a: Appointment, slot: SlotDto) {
    try {
      const saved = await appointmentsApi.reschedule(a.id, { version: a.version, startsAt: slot.startsAt });
      void message.success(t('appointment.rescheduled', { time: formatDateTime(saved.startsAt) }));
      refresh(saved);
      update({ highlight: saved.id });
    } catch (error) {
      const alternatives = slotFullAlternatives(error);
      if (alternatives) {
        setMoveFull({ appointment: a, alternatives });
      } else if (isVersionConflict(error)) {
        void message.warning(t('appointment.conflictReloaded'));
      } else {
        void message.error(errorMessage(error));
      }
      refresh();
    }
  }

  const step = view === 'day' ? 1 : 7;
  const shift = (days: number) => update({ date: dayjs(date).add(days, 'day').format('YYYY-MM-DD') });

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('board.title')}
        </Typography.Title>
        <Space wrap>
          {canCheckIn && (
            <Button size="large" icon={<LoginOutlined />} onClick={() => setWalkIn(true)} data-testid="walk-in">
              {t('walkIn.button')}
            </Button>
          )}
          {canBook && (
            <Link to="/appointments/new">
              <Button type="primary" size="large" icon={<PlusOutlined />} data-testid="new-appointment">
                {t('booking.title')}
              </Button>
            </Link>
          )}
        </Space>
      </div>
      <Card styles={{ body: { padding: 12 } }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'center' }}>
          <Segmented<View>
            value={view}
            onChange={(v) => update({ view: v === 'day' ? null : v })}
            options={[
              { value: 'day', label: t('board.day') },
              { value: 'week', label: t('board.week') },
            ]}
            data-testid="board-view"
          />
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label={t('board.previous')} onClick={() => shift(-step)} />
            <DatePicker
              value={dayjs(date)}
              allowClear={false}
              inputReadOnly
              picker={view === 'week' ? 'week' : 'date'}
              onChange={(d) => d && update({ date: d.format('YYYY-MM-DD') })}
              style={{ width: 150 }}
            />
            <Button icon={<RightOutlined />} aria-label={t('board.next')} onClick={() => shift(step)} />
          </Space.Compact>
          <Button
            type={date === dealerDate(0) ? 'primary' : 'default'}
            ghost={date === dealerDate(0)}
            onClick={() => update({ date: null })}
            data-testid="board-today"
          >
            {t('board.today')}
          </Button>
          <Button
            type={date === dealerDate(1) ? 'primary' : 'default'}
            ghost={date === dealerDate(1)}
            onClick={() => update({ date: dealerDate(1) })}
            data-testid="board-tomorrow"
          >
            {t('board.tomorrow')}
          </Button>
          <Select<string>
            allowClear
            value={saId}
            placeholder={t('board.allSas')}
            onChange={(v) => update({ sa: v ?? null })}
            loading={advisors.isPending}
            options={(advisors.data ?? []).map((sa) => ({ value: sa.id, label: sa.name }))}
            style={{ minWidth: 160 }}
            data-testid="board-sa-filter"
          />
          <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
            <Switch id="board-show-cancelled" size="small" checked={showCancelled} onChange={setShowCancelled} />
            <label htmlFor="board-show-cancelled" style={{ cursor: 'pointer' }}>
              <Typography.Text>{t('board.showCancelled')}</Typography.Text>
            </label>
          </span>
          <div style={{ flex: 1 }} />
          <Button icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('common.reload')} onClick={() => refresh()} />
        </div>
      </Card>
      <Card
        styles={{ body: { padding: 0 } }}
        data-testid="appointment-board"
        data-view={view}
        data-from={from}
        title={
          <Space wrap size={12}>
            <span>{view === 'day' ? dayjs(date).format(t('board.dayFormat')) : t('board.weekOf', { from, to })}</span>
            {list.data && <Typography.Text type="secondary">{t('board.count', { count: appointments.length })}</Typography.Text>}
            {flaggedCount > 0 && (
              <Typography.Text type="danger" data-testid="board-flagged">
                {t('board.flaggedCount', { count: flaggedCount, deadline })}
              </Typography.Text>
            )}
          </Space>
        }
        extra={
          canBook ? (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('board.dragHint')}
            </Typography.Text>
          ) : undefined
        }
      >
        {list.isPending ? (
          <div style={{ padding: 16 }}>
            <PageSkeleton cards={1} />
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : appointments.length === 0 && !(availability.data?.days ?? []).some((d) => d.slots.length > 0) ? (
          <div style={{ padding: 32 }}>
            <EmptyState description={t('board.empty')}>
              {canBook && (
                <Link to="/appointments/new">
                  <Button type="primary" icon={<PlusOutlined />}>
                    {t('booking.title')}
                  </Button>
                </Link>
              )}
            </EmptyState>
          </div>
        ) : (
          <div style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
            <BoardGrid
              dates={dates}
              appointments={appointments}
              availability={availability.data}
              highlightId={highlightId}
              isFlagged={isFlagged}
              onOpen={(a) => update({ open: a.id })}
              onMove={(a, slot) => void move(a, slot)}
            />
          </div>
        )}
      </Card>
      <WalkInModal open={walkIn} onClose={() => setWalkIn(false)} />
      <AppointmentDrawer appointmentId={openId} flagged={isFlagged} onClose={() => update({ open: null })} />
      <RescheduleModal
        appointment={moveFull?.appointment ?? null}
        alternatives={moveFull?.alternatives}
        onClose={() => setMoveFull(null)}
        onDone={(saved) => update({ highlight: saved.id })}
      />
    </div>
  );
}
