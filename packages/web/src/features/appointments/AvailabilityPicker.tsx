import { Col, DatePicker, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SlotDto, useAvailability } from '../../api/appointments';
import { dealerDate, dealerInstant } from '../../components/dealerTime';
import { ErrorState } from '../../components/PageState';
import { SlotGrid } from './SlotGrid';

type Props = {
  id?: string;
  value?: string | null;
  onChange?: (startsAt: string | null, slot?: SlotDto) => void;
  /** The slot to leave out (the one being moved away from). */
  excludeStartsAt?: string;
};

const MAX_RANGE_DAYS = 31;

/**
 * 可预约时段: a date range (the next 7 days by default) and the time the customer would like;
 * shows the 2–3 nearest free slots prominently, and every slot with its seats left.
 */
export function AvailabilityPicker({ id, value, onChange, excludeStartsAt }: Props) {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(dealerDate(0)), dayjs(dealerDate(6))]);
  const [wanted, setWanted] = useState<Dayjs | null>(null);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const wantedIso = wanted ? dealerInstant(wanted.format('YYYY-MM-DD'), wanted.format('HH:mm')) : undefined;
  const availability = useAvailability(from, to, wantedIso);

  const data =
    availability.data && excludeStartsAt
      ? {
          ...availability.data,
          suggestions: availability.data.suggestions.filter((s) => s.startsAt !== excludeStartsAt),
        }
      : availability.data;

  return (
    <div id={id} data-testid="availability-picker" style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Row gutter={[12, 8]}>
        <Col xs={24} md={13}>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, marginBottom: 4 }}>
            {t('availability.range')}
          </Typography.Text>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            inputReadOnly
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(dayjs(dealerDate(0)), 'day')}
            onChange={(next) => {
              if (!next?.[0] || !next[1]) return;
              const end = next[1].diff(next[0], 'day') >= MAX_RANGE_DAYS ? next[0].add(MAX_RANGE_DAYS - 1, 'day') : next[1];
              setRange([next[0], end]);
            }}
            data-testid="availability-range"
          />
        </Col>
        <Col xs={24} md={11}>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, marginBottom: 4 }}>
            {t('availability.wanted')}
          </Typography.Text>
          <DatePicker
            value={wanted}
            showTime={{ format: 'HH:mm', minuteStep: 15 }}
            format="YYYY-MM-DD HH:mm"
            inputReadOnly
            style={{ width: '100%' }}
            placeholder={t('availability.wantedPlaceholder')}
            disabledDate={(d) => d.isBefore(dayjs(dealerDate(0)), 'day')}
            onChange={(next) => {
              setWanted(next);
              if (next) {
                const day = next.startOf('day');
                if (day.isBefore(range[0], 'day') || day.isAfter(range[1], 'day')) setRange([day, day.add(6, 'day')]);
              }
            }}
            data-testid="availability-wanted"
          />
        </Col>
      </Row>
      {availability.isError ? (
        <ErrorState error={availability.error} onRetry={() => void availability.refetch()} />
      ) : (
        <SlotGrid
          availability={data}
          loading={availability.isFetching}
          value={value}
          onChange={(slot) => onChange?.(slot.startsAt, slot)}
        />
      )}
    </div>
  );
}
