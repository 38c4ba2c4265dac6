import { HistoryOutlined } from '@ant-design/icons';
import type { Vehicle } from '@servicebay/contracts';
import { Button, Card, Skeleton, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCustomerTimeline } from '../../api/customers';
import { formatDateTime } from '../../components/DateText';
import { EmptyState, ErrorState } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { eventDetail, isTimelineEventKind, KIND_COLORS, kindTitle } from './timelineText';

/** Every event of the customer, newest first, across the dealers that serve them. */
export function CustomerTimeline({ customerId, vehicles }: { customerId: string; vehicles: Vehicle[] }) {
  const { t } = useTranslation();
  const timeline = useCustomerTimeline(customerId);
  const plates = new Map(vehicles.map((v) => [v.id, v]));
  const events = timeline.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card
      title={
        <span>
          <HistoryOutlined /> {t('customer.timeline')}
        </span>
      }
      data-testid="customer-timeline"
    >
      {timeline.isPending ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : events.length === 0 ? (
        <EmptyState description={t('customer.noTimeline')} />
      ) : (
        <>
          <Timeline
            items={events.map((event) => {
              const detail = eventDetail(event, t);
              const vehicle = event.vehicleId ? plates.get(event.vehicleId) : undefined;
              return {
                key: event.id,
                color: isTimelineEventKind(event.kind) ? KIND_COLORS[event.kind] : 'gray',
                content: (
                  <div style={{ display: 'grid', gap: 2 }} data-testid="timeline-event" data-kind={event.kind}>
                    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
                      <Typography.Text strong>{kindTitle(event.kind)}</Typography.Text>
                      {vehicle && (
                        <Link to={`/vehicles/${vehicle.id}`}>
                          <PlateTag plate={vehicle.plate} kind={vehicle.plateKind} size="small" showKindTag={false} />
                        </Link>
                      )}
                    </div>
                    {detail && <Typography.Text>{detail}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {[
                        formatDateTime(event.occurredAt),
                        event.dealerName,
                        event.actorName ? t('timeline.by', { name: event.actorName }) : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  </div>
                ),
              };
            })}
          />
          {timeline.hasNextPage && (
            <div style={{ textAlign: 'center' }}>
              <Button loading={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()} data-testid="timeline-more">
                {t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
