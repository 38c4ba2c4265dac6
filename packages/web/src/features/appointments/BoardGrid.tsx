import { theme as antdTheme, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Appointment, Availability, SlotDto } from '../../api/appointments';
import { dealerDate, dealerDateOf, dealerTimeOf } from '../../components/dealerTime';
import { AppointmentCard } from './AppointmentCard';
import { dayLabel } from './appointmentText';

type Props = {
  dates: string[];
  appointments: Appointment[];
  availability: Availability | undefined;
  highlightId: string | null;
  isFlagged: (a: Appointment) => boolean;
  onOpen: (a: Appointment) => void;
  onMove: (a: Appointment, slot: SlotDto) => void;
};

const cellKey = (date: string, time: string) => `${date}|${time}`;

/** Rows per time slot; one column (day view) or seven (week view). Cards drag between slots. */
export function BoardGrid({ dates, appointments, availability, highlightId, isFlagged, onOpen, onMove }: Props) {
  const { t } = useTranslation();
  const { token } = antdTheme.useToken();
  const [dragging, setDragging] = useState<Appointment | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const week = dates.length > 1;
  const today = dealerDate(0);

  const slots = new Map<string, SlotDto>();
  const capacityByDate = new Map<string, number>();
  for (const day of availability?.days ?? []) {
    capacityByDate.set(day.date, day.capacityPerSlot);
    for (const slot of day.slots) slots.set(cellKey(day.date, slot.time), slot);
  }
  const byCell = new Map<string, Appointment[]>();
  const times = new Set<string>();
  for (const key of slots.keys()) times.add(key.split('|')[1]!);
  for (const a of appointments) {
    const key = cellKey(dealerDateOf(a.startsAt), dealerTimeOf(a.startsAt));
    times.add(key.split('|')[1]!);
    byCell.set(key, [...(byCell.get(key) ?? []), a]);
  }
  const rows = [...times].sort();

  function droppable(date: string, time: string): SlotDto | null {
    if (!dragging) return null;
    const slot = slots.get(cellKey(date, time));
    if (!slot || slot.startsAt === dragging.startsAt) return null;
    return slot;
  }

  function cell(date: string, time: string): ReactNode {
    const key = cellKey(date, time);
    const items = byCell.get(key) ?? [];
    const slot = slots.get(key);
    const target = droppable(date, time);
    const full = !!slot && slot.remaining <= 0;
    return (
      // A drop target of the drag-and-drop move; the drawer's reschedule button does the same by keyboard.
      // biome-ignore lint/a11y/noStaticElementInteractions: drag-and-drop target only, with a keyboard alternative
      <div
        key={key}
        className="sb-slot-cell"
        data-testid="board-slot"
        data-date={date}
        data-time={time}
        data-starts-at={slot?.startsAt}
        data-over={over === key && target ? (full ? 'full' : 'ok') : undefined}
        onDragOver={(e) => {
          if (!target) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
          if (over !== key) setOver(key);
        }}
        onDragLeave={() => setOver((current) => (current === key ? null : current))}
        onDrop={(e) => {
          e.preventDefault();
          setOver(null);
          const moving = dragging;
          setDragging(null);
          if (moving && target) onMove(moving, target);
        }}
        style={{ background: date === today && week ? 'rgba(21,101,192,0.03)' : undefined }}
      >
        {!week && (
          <div style={{ minWidth: 120, display: 'grid', alignContent: 'start' }}>
            <Typography.Text strong style={{ fontSize: 18, fontVariantNumeric: 'tabular-nums' }}>
              {time}
            </Typography.Text>
            {slot ? (
              <Typography.Text type={full ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="slot-load">
                {t('board.slotLoad', { booked: slot.booked, capacity: slot.capacity })}
              </Typography.Text>
            ) : null}
          </div>
        )}
        <div className="sb-slot-cards">
          {week && slot && items.length === 0 && dragging ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('availability.remaining', { count: slot.remaining })}
            </Typography.Text>
          ) : null}
          {items.map((a) => (
            <AppointmentCard
              key={a.id}
              appointment={a}
              compact={week}
              draggable={a.can.reschedule}
              flagged={isFlagged(a)}
              highlighted={a.id === highlightId}
              onOpen={() => onOpen(a)}
              onDragStart={(e) => {
                e.dataTransfer.setData('text/plain', a.id);
                e.dataTransfer.effectAllowed = 'move';
                setDragging(a);
              }}
              onDragEnd={() => {
                setDragging(null);
                setOver(null);
              }}
            />
          ))}
        </div>
      </div>
    );
  }

  if (!week) {
    const date = dates[0]!;
    return (
      <div className="sb-board-day" data-dragging={dragging ? true : undefined}>
        {rows.map((time) => cell(date, time))}
      </div>
    );
  }

  return (
    <div style={{ overflowX: 'auto' }}>
      <div
        className="sb-board-week"
        data-dragging={dragging ? true : undefined}
        style={{ gridTemplateColumns: `64px repeat(${dates.length}, minmax(128px, 1fr))` }}
      >
        <div className="sb-board-week-head" />
        {dates.map((date) => (
          <div
            key={date}
            className="sb-board-week-head"
            style={{ color: date === today ? token.colorPrimary : undefined }}
            data-testid="board-day-head"
          >
            <div style={{ fontWeight: 600 }}>{dayLabel(date)}</div>
            <div style={{ fontSize: 12, color: token.colorTextSecondary }}>
              {t('board.dayCount', { count: appointments.filter((a) => dealerDateOf(a.startsAt) === date).length })}
              {capacityByDate.has(date) ? ` · ${t('board.perSlot', { count: capacityByDate.get(date) })}` : ''}
            </div>
          </div>
        ))}
        {rows.map((time) => [
          <div key={`t-${time}`} className="sb-board-week-time">
            {time}
          </div>,
          ...dates.map((date) => cell(date, time)),
        ])}
      </div>
    </div>
  );
}
