import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { theme as antdTheme, Button, Card, DatePicker, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { appointmentKeys, appointmentsApi, type WorkshopReservation } from '../../api/appointments';
import { dealerDate, dealerTimeOf, minutesOf } from '../../components/dealerTime';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { dayLabel } from '../appointments/appointmentText';

/** A bar per reservation on a row per bay, across the working day. */
function Timeline({ items, bays: allBays }: { items: WorkshopReservation[]; bays: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const { token } = antdTheme.useToken();
  const starts = items.map((r) => minutesOf(dealerTimeOf(r.startsAt)));
  const ends = items.map((r) => {
    const end = minutesOf(dealerTimeOf(r.endsAt));
    return end <= minutesOf(dealerTimeOf(r.startsAt)) ? 24 * 60 : end;
  });
  const first = Math.floor(Math.min(...starts) / 60) * 60;
  const last = Math.ceil(Math.max(...ends) / 60) * 60;
  const span = Math.max(60, last - first);
  const hours = Array.from({ length: span / 60 + 1 }, (_, i) => first / 60 + i);
  const bays = new Map<string, { name: string; items: { r: WorkshopReservation; start: number; end: number }[] }>();
  // Every bay gets its row, booked or not; reservations without a bay come last.
  for (const bay of allBays) bays.set(bay.id, { name: bay.name, items: [] });
  items.forEach((r, i) => {
    const key = r.bay?.id ?? '';
    const row = bays.get(key) ?? { name: r.bay?.name ?? t('workshop.noBay'), items: [] };
    row.items.push({ r, start: starts[i]!, end: ends[i]! });
    bays.set(key, row);
  });
  const rows = [...bays.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : 0));
  const left = (m: number) => `${((m - first) / span) * 100}%`;

  return (
    <div style={{ overflowX: 'auto' }} data-testid="workshop-timeline">
      <div style={{ minWidth: 720, display: 'grid', gridTemplateColumns: '120px 1fr', rowGap: 6 }}>
        <div />
        <div style={{ position: 'relative', height: 20, marginInlineEnd: 24 }}>
          {hours.map((h) => (
            <span
              key={h}
              style={{
                position: 'absolute',
                left: left(h * 60),
                transform: 'translateX(-50%)',
                fontSize: 12,
                color: token.colorTextSecondary,
              }}
            >
              {String(h).padStart(2, '0')}:00
            </span>
          ))}
        </div>
        {rows.map(([key, row]) => {
          // Overlapping reservations of one bay stack in lanes.
          const lanes: number[] = [];
          const placed = row.items
            .sort((a, b) => a.start - b.start)
            .map((it) => {
              let lane = lanes.findIndex((endOfLane) => endOfLane <= it.start);
              if (lane === -1) lane = lanes.push(0) - 1;
              lanes[lane] = it.end;
              return { ...it, lane };
            });
          const height = Math.max(1, lanes.length) * 34 + 6;
          return [
            <div key={`n-${key}`} style={{ fontWeight: 600, alignSelf: 'center' }}>
              {row.name}
            </div>,
            <div
              key={`b-${key}`}
              style={{ position: 'relative', height, background: token.colorFillQuaternary, borderRadius: 6, marginInlineEnd: 24 }}
            >
              {hours.map((h) => (
                <span
                  key={h}
                  style={{
                    position: 'absolute',
                    left: left(h * 60),
                    top: 0,
                    bottom: 0,
                    borderInlineStart: `1px dashed ${token.colorBorderSecondary}`,
                  }}
                />
              ))}
              {placed.map(({ r, start, end, lane }) => (
                <Tooltip key={r.id} title={`${r.number} · ${dealerTimeOf(r.startsAt)}–${dealerTimeOf(r.endsAt)}`}>
                  <div
                    style={{
                      position: 'absolute',
                      left: left(start),
                      width: `calc(${((end - start) / span) * 100}% - 2px)`,
                      top: 4 + lane * 34,
                      height: 30,
                      background: r.bay ? token.colorPrimary : token.colorWarning,
                      color: '#fff',
                      borderRadius: 4,
                      padding: '0 6px',
                      fontSize: 12,
                      display: 'flex',
                      alignItems: 'center',
                      overflow: 'hidden',
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {dealerTimeOf(r.startsAt)} {r.plate}
                  </div>
                </Tooltip>
              ))}
            </div>,
          ];
        })}
      </div>
    </div>
  );
}

/** 车间预留工位: which bay is kept for which appointment, and when. */
export function ReservationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? dealerDate(1);
  // The car maker reads every dealer's reservations (narrowed by dealer), without the per-bay timeline.
  const carMaker = useIsCarMaker();
  const dealerId = params.get('dealer') ?? undefined;
  const list = useQuery({
    queryKey: appointmentKeys.reservations(date, dealerId),
    queryFn: () => appointmentsApi.reservations(date, dealerId).then((r) => r.items),
  });
  const bays = useQuery({
    queryKey: appointmentKeys.bays,
    queryFn: () => appointmentsApi.bays().then((r) => r.items.filter((b) => b.active)),
    staleTime: 5 * 60_000,
    enabled: !carMaker,
  });
  const setDate = (value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete('date');
        else next.set('date', value);
        return next;
      },
      { replace: true },
    );
  const items = [...(list.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('workshop.title')}
      </Typography.Title>
      <Card styles={{ body: { padding: 12 } }}>
        <Space wrap>
          <DatePicker value={dayjs(date)} allowClear={false} inputReadOnly onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
          <Button onClick={() => setDate(dealerDate(0))}>{t('board.today')}</Button>
          <Button onClick={() => setDate(null)}>{t('board.tomorrow')}</Button>
          {carMaker && (
            <NetworkDealerFilter
              value={dealerId}
              onChange={(id) =>
                setParams(
                  (prev) => {
                    const next = new URLSearchParams(prev);
                    if (id) next.set('dealer', id);
                    else next.delete('dealer');
                    return next;
                  },
                  { replace: true },
                )
              }
            />
          )}
          <Typography.Text type="secondary">
            {dayLabel(date)}
            {list.data ? ` · ${t('workshop.count', { count: items.length })}` : ''}
          </Typography.Text>
          <Button icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('common.reload')} onClick={() => void list.refetch()} />
        </Space>
      </Card>
      {list.isPending ? (
        <PageSkeleton cards={2} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Card>
          <EmptyState description={t('workshop.empty')} />
        </Card>
      ) : (
        <>
          {!carMaker && (
            <Card title={t('workshop.timeline')}>
              <Timeline items={items} bays={bays.data ?? []} />
            </Card>
          )}
          <Card title={t('workshop.list')} styles={{ body: { padding: 0 } }}>
            <Table<WorkshopReservation>
              rowKey="id"
              pagination={false}
              dataSource={items}
              scroll={{ x: 'max-content' }}
              data-testid="reservations-table"
              columns={[
                ...(carMaker
                  ? [{ title: t('networkRead.dealer'), key: 'dealer', render: (_: unknown, r: WorkshopReservation) => r.dealer.name }]
                  : []),
                {
                  title: t('workshop.time'),
                  key: 'time',
                  render: (_, r) => <Typography.Text strong>{`${dealerTimeOf(r.startsAt)} – ${dealerTimeOf(r.endsAt)}`}</Typography.Text>,
                },
                {
                  title: t('workshop.bay'),
                  key: 'bay',
                  render: (_, r) => (r.bay ? r.bay.name : <Tag color="warning">{t('workshop.noBay')}</Tag>),
                },
                { title: t('vehicle.plate'), dataIndex: 'plate', render: (v: string) => <PlateTag plate={v} size="small" /> },
                { title: t('workshop.number'), dataIndex: 'number' },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
