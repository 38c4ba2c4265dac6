import { StarFilled } from '@ant-design/icons';
import { theme as antdTheme, Button, Empty, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Availability, SlotDto } from '../../api/appointments';
import { dealerDateOf } from '../../components/dealerTime';
import { dayLabel } from './appointmentText';

type Props = {
  availability: Availability | undefined;
  loading?: boolean;
  value?: string | null;
  onChange?: (slot: SlotDto) => void;
  /** Bigger buttons for the customer's phone. */
  large?: boolean;
};

/** A slot button: its time and the seats left (0 → disabled). */
export function SlotButton({
  slot,
  selected,
  onClick,
  testId = 'slot',
  withDate = false,
  large = false,
}: {
  slot: SlotDto;
  selected: boolean;
  onClick: () => void;
  testId?: string;
  withDate?: boolean;
  large?: boolean;
}) {
  const { t } = useTranslation();
  const full = slot.remaining <= 0;
  return (
    <Button
      data-testid={testId}
      data-starts-at={slot.startsAt}
      data-remaining={slot.remaining}
      type={selected ? 'primary' : 'default'}
      disabled={full}
      onClick={onClick}
      aria-pressed={selected}
      style={{
        height: large ? 60 : 52,
        minWidth: withDate ? 150 : large ? 92 : 84,
        display: 'inline-flex',
        flexDirection: 'column',
        gap: 0,
        justifyContent: 'center',
        lineHeight: 1.2,
        paddingInline: 10,
      }}
    >
      <span style={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
        {withDate ? `${dayLabel(dealerDateOf(slot.startsAt))} ${slot.time}` : slot.time}
      </span>
      <span style={{ fontSize: 12, opacity: 0.8 }}>
        {full ? t('availability.full') : t('availability.remaining', { count: slot.remaining })}
      </span>
    </Button>
  );
}

/** The suggested slots up top, then a day strip and that day's slots. */
export function SlotGrid({ availability, loading, value, onChange, large = false }: Props) {
  const { t } = useTranslation();
  const { token } = antdTheme.useToken();
  const days = useMemo(() => availability?.days ?? [], [availability]);
  const selectedDay = value ? dealerDateOf(value) : null;
  const firstOpen = days.find((d) => d.slots.some((s) => s.remaining > 0))?.date ?? days[0]?.date ?? null;
  const [day, setDay] = useState<string | null>(selectedDay ?? firstOpen);

  // Follow the chosen slot (a suggestion on another day) and a new range.
  useEffect(() => {
    if (selectedDay && days.some((d) => d.date === selectedDay)) setDay(selectedDay);
    else if (!day || !days.some((d) => d.date === day)) setDay(firstOpen);
  }, [selectedDay, days, firstOpen]); // `day` itself is what this sets

  if (loading && !availability) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (days.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('availability.noDays')} />;
  const current = days.find((d) => d.date === day) ?? days[0]!;
  const suggestions = availability?.suggestions ?? [];

  return (
    <div style={{ display: 'grid', gap: 14, gridTemplateColumns: 'minmax(0, 1fr)', opacity: loading ? 0.6 : 1 }}>
      {suggestions.length > 0 && (
        <div
          style={{ background: token.colorPrimaryBg, border: `1px solid ${token.colorPrimaryBorder}`, borderRadius: 8, padding: 12 }}
          data-testid="suggestions"
        >
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            <StarFilled style={{ color: token.colorWarning }} /> {t('availability.suggestions')}
          </Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {suggestions.map((slot) => (
              <SlotButton
                key={slot.startsAt}
                slot={slot}
                testId="suggested-slot"
                withDate
                large={large}
                selected={value === slot.startsAt}
                onClick={() => onChange?.(slot)}
              />
            ))}
          </div>
        </div>
      )}
      <div style={{ display: 'flex', gap: 8, overflowX: 'auto', paddingBottom: 4 }} role="tablist" aria-label={t('availability.days')}>
        {days.map((d) => {
          const free = d.slots.reduce((sum, s) => sum + Math.max(0, s.remaining), 0);
          const active = d.date === current.date;
          return (
            <button
              key={d.date}
              type="button"
              role="tab"
              aria-selected={active}
              data-testid="availability-day"
              data-date={d.date}
              onClick={() => setDay(d.date)}
              style={{
                flex: 'none',
                minWidth: large ? 96 : 108,
                padding: '8px 10px',
                borderRadius: 8,
                cursor: 'pointer',
                textAlign: 'center',
                border: `1px solid ${active ? token.colorPrimary : token.colorBorder}`,
                background: active ? token.colorPrimary : token.colorBgContainer,
                color: active ? '#fff' : free === 0 ? token.colorTextDisabled : token.colorText,
                font: 'inherit',
              }}
            >
              <div style={{ fontWeight: 600 }}>{dayLabel(d.date)}</div>
              <div style={{ fontSize: 12, opacity: 0.85 }}>
                {d.slots.length === 0
                  ? t('availability.closed')
                  : free === 0
                    ? t('availability.full')
                    : t('availability.freeSeats', { count: free })}
              </div>
            </button>
          );
        })}
      </div>
      {current.slots.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('availability.noSlotsThisDay')} />
      ) : (
        <div
          style={{ display: 'grid', gap: 8, gridTemplateColumns: `repeat(auto-fill, minmax(${large ? 92 : 84}px, 1fr))` }}
          data-testid="slot-grid"
          data-date={current.date}
        >
          {current.slots.map((slot) => (
            <SlotButton key={slot.startsAt} slot={slot} large={large} selected={value === slot.startsAt} onClick={() => onChange?.(slot)} />
          ))}
        </div>
      )}
      {!large && current.capacityPerSlot >= 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('availability.capacityHint', { count: current.capacityPerSlot })}
        </Typography.Text>
      )}
    </div>
  );
}
