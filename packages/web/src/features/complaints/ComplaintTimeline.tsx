import { HistoryOutlined } from '@ant-design/icons';
import type { COMPLAINT_EVENT_KINDS } from '@servicebay/contracts';
import { Card, Space, Timeline, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintEvent } from '../../api/complaints';
import { formatDateTime } from '../../components/DateText';
import { formatFen } from '../../components/money';
import { translator } from './ComplaintTags';
import { eventText, newestFirst } from './complaints';

type Kind = (typeof COMPLAINT_EVENT_KINDS)[number];
const COLORS: Partial<Record<Kind, string>> = {
  received: 'blue',
  acknowledged: 'blue',
  escalated: 'red',
  recovery_rejected: 'gray',
  recovery_approved: 'green',
  accepted: 'green',
  closed: 'green',
  reopened: 'orange',
  handed_over: 'purple',
  dealer_assigned: 'magenta',
  deadline_set: 'magenta',
};

/** 处理记录: everything that happened to the case, newest first, in sentences. */
export function ComplaintTimeline({ events }: { events: ComplaintEvent[] }) {
  const { t } = useTranslation();
  const formatters = useMemo(
    () => ({
      money: formatFen,
      time: (iso: string) => formatDateTime(iso) ?? iso,
      list: (items: string[]) => items.join(t('complaints.listSeparator')),
    }),
    [t],
  );
  const items = useMemo(
    () =>
      newestFirst(events).map((event) => {
        const { text, detail } = eventText(event, translator, formatters);
        return {
          key: event.id,
          color: COLORS[event.kind] ?? 'gray',
          content: (
            <div data-testid="complaint-event" data-kind={event.kind} style={{ display: 'grid', gap: 2 }}>
              <Typography.Text strong={event.kind === 'escalated' || event.kind === 'closed'}>{text}</Typography.Text>
              {detail && (
                <Typography.Paragraph
                  type="secondary"
                  ellipsis={{ rows: 3, expandable: true, symbol: t('complaints.timeline.more') }}
                  style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}
                >
                  {detail}
                </Typography.Paragraph>
              )}
              <Space size={8} style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                <span>{event.actor?.name ?? t('complaints.timeline.system')}</span>
                <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(event.at)}</span>
              </Space>
            </div>
          ),
        };
      }),
    [events, t, formatters],
  );
  return (
    <Card
      title={
        <Space>
          <HistoryOutlined />
          {t('complaints.timeline.title')}
        </Space>
      }
      data-testid="complaint-timeline-card"
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('complaints.timeline.empty')}</Typography.Text>
      ) : (
        <Timeline items={items} data-testid="complaint-timeline" />
      )}
    </Card>
  );
}
