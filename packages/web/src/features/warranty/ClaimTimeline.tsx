import { HistoryOutlined } from '@ant-design/icons';
import { Card, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClaimEvent } from '../../api/warranty';
import { formatDateTime } from '../../components/DateText';
import { formatFen } from '../../components/money';
import { codeLabel } from './WarrantyTags';

const COLORS: Record<string, string> = {
  prepared: 'blue',
  updated: 'gray',
  submitted: 'blue',
  resubmitted: 'blue',
  returned: 'orange',
  approved: 'green',
  rejected: 'red',
  parts_shipped: 'blue',
  parts_received: 'green',
  charged_back: 'red',
};

/** The amounts and the reject code an event may carry. */
function eventFacts(event: ClaimEvent): { claimedFen?: number; approvedFen?: number; code?: string; waybill?: string } {
  const { claimedFen, approvedFen, code, waybill } = event.data as Record<string, unknown>;
  return {
    claimedFen: typeof claimedFen === 'number' ? claimedFen : undefined,
    approvedFen: typeof approvedFen === 'number' ? approvedFen : undefined,
    code: typeof code === 'string' ? code : undefined,
    waybill: typeof waybill === 'string' ? waybill : undefined,
  };
}

/** 处理记录: what happened to the claim, newest first. */
export function ClaimTimeline({ events }: { events: ClaimEvent[] }) {
  const { t } = useTranslation();
  const items = [...events]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((event) => {
      const data = eventFacts(event);
      const facts = [
        data.claimedFen === undefined ? null : t('warranty.timeline.claimed', { amount: formatFen(data.claimedFen) }),
        data.approvedFen === undefined ? null : t('warranty.timeline.approved', { amount: formatFen(data.approvedFen) }),
        data.code === undefined ? null : codeLabel('rejectCodes', data.code),
        data.waybill === undefined ? null : t('warranty.timeline.waybill', { waybill: data.waybill }),
      ].filter((f): f is string => f !== null);
      return {
        key: event.id,
        color: COLORS[event.kind] ?? 'gray',
        content: (
          <div data-testid="claim-event" data-kind={event.kind} style={{ display: 'grid', gap: 2 }}>
            <Typography.Text strong={event.kind === 'approved' || event.kind === 'rejected' || event.kind === 'returned'}>
              {codeLabel('events', event.kind)}
              {facts.length > 0 && <Typography.Text type="secondary"> · {facts.join(' · ')}</Typography.Text>}
            </Typography.Text>
            {event.note && (
              <Typography.Paragraph
                type="secondary"
                ellipsis={{ rows: 3, expandable: true, symbol: t('warranty.timeline.more') }}
                style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}
              >
                {event.note}
              </Typography.Paragraph>
            )}
            <Space size={8} style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
              <span>{event.actor?.name ?? t('warranty.timeline.system')}</span>
              <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(event.at)}</span>
            </Space>
          </div>
        ),
      };
    });
  return (
    <Card
      title={
        <Space>
          <HistoryOutlined />
          {t('warranty.timeline.title')}
        </Space>
      }
      data-testid="claim-timeline-card"
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('warranty.timeline.empty')}</Typography.Text>
      ) : (
        <Timeline items={items} data-testid="claim-timeline" />
      )}
    </Card>
  );
}
