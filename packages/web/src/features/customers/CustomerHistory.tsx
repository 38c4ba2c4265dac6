import type { CustomerHistoryEntry, HistoryKind } from '@servicebay/contracts';
import { HISTORY_KINDS, isDissatisfied } from '@servicebay/contracts/constants';
import { Button, Segmented, Skeleton, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCustomerHistory } from '../../api/customers';
import { formatDateTime } from '../../components/DateText';
import { dealerDateOf } from '../../components/dealerTime';
import { EmptyState, ErrorState } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import {
  HISTORY_KIND_COLORS,
  historyKindLabel,
  messageStatusLabel,
  money,
  skipReasonLabel,
  templateLabel,
  tr,
  workSummary,
} from './historyText';

type Filter = HistoryKind | 'all';
const OUTCOME_COLORS = { booked: 'blue', kept: 'green', late: 'orange', no_show: 'red', cancelled: 'default' } as const;
const MESSAGE_COLORS: Record<string, string> = { sent: 'green', skipped: 'red', failed: 'red', pending: 'blue', sending: 'blue' };

/** 客户日志: every visit, appointment, call, complaint, survey and message of the customer, newest first. */
export function CustomerHistory({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const kinds: readonly HistoryKind[] = filter === 'all' ? [] : [filter];
  const history = useCustomerHistory(customerId, kinds);
  const entries = history.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="customer-history">
      <div style={{ overflowX: 'auto' }}>
        <Segmented<Filter>
          aria-label={t('customerHistory.filter')}
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: t('customerHistory.all') },
            ...HISTORY_KINDS.map((k) => ({ value: k, label: historyKindLabel(k) })),
          ]}
          data-testid="history-filter"
        />
      </div>
      {history.isPending ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState description={filter === 'all' ? t('customerHistory.empty') : t('customerHistory.emptyFiltered')} />
      ) : (
        <>
          <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
            {entries.map((entry) => (
              <HistoryItem key={`${entry.kind}:${entry.id}`} entry={entry} />
            ))}
          </ol>
          {history.hasNextPage && (
            <div style={{ textAlign: 'center' }}>
              <Button loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()} data-testid="history-more">
                {t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function HistoryItem({ entry }: { entry: CustomerHistoryEntry }) {
  useTranslation(); // re-render when the language changes
  const { title, tags, lines, link } = describe(entry);
  return (
    <li
      style={{ borderInlineStart: '3px solid var(--ant-color-border, #d9d9d9)', paddingInlineStart: 12, paddingBlock: 4 }}
      data-testid="history-entry"
      data-kind={entry.kind}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        <Tag color={HISTORY_KIND_COLORS[entry.kind]} style={{ marginInlineEnd: 0 }}>
          {historyKindLabel(entry.kind)}
        </Tag>
        <Typography.Text strong>{link ? <Link to={link}>{title}</Link> : title}</Typography.Text>
        {tags}
        {entry.vehicle && (
          <Link to={`/vehicles/${entry.vehicle.id}`}>
            <PlateTag plate={entry.vehicle.plate} size="small" showKindTag={false} />
          </Link>
        )}
      </div>
      {lines.filter(Boolean).map((line, i) => (
        <div key={i}>
          <Typography.Text>{line}</Typography.Text>
        </div>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {[formatDateTime(entry.at), entry.dealer?.name].filter(Boolean).join(' · ')}
      </Typography.Text>
    </li>
  );
}

type Described = { title: ReactNode; tags: ReactNode; lines: (string | null)[]; link: string | null };

function describe(entry: CustomerHistoryEntry): Described {
  const t = tr;
  switch (entry.kind) {
    case 'visit': {
      const order = entry.repairOrder;
      return {
        title: order ? order.number : t('customerHistory.checkedInOnly'),
        tags: order ? <Tag>{t(`roStatus.${order.status}`)}</Tag> : null,
        lines: order
          ? [
              [
                order.kmIn !== null ? t('customerHistory.kmIn', { km: order.kmIn.toLocaleString() }) : null,
                order.totalFen !== null ? money(order.totalFen) : null,
              ]
                .filter(Boolean)
                .join(' · ') || null,
              workSummary(order) || null,
              order.nextDueOn
                ? t('customerHistory.nextDue', {
                    date: order.nextDueOn,
                    km: order.nextDueKm === null ? '—' : order.nextDueKm.toLocaleString(),
                  })
                : null,
              entry.serviceAdvisor ? t('customerHistory.advisor', { name: entry.serviceAdvisor.name }) : null,
            ]
          : [entry.serviceAdvisor ? t('customerHistory.advisor', { name: entry.serviceAdvisor.name }) : null],
        link: order ? `/repair-orders/${order.id}` : `/visits/${entry.visitId}`,
      };
    }
    case 'appointment':
      return {
        title: entry.number,
        tags: <Tag color={OUTCOME_COLORS[entry.outcome]}>{t(`customerHistory.outcomes.${entry.outcome}`)}</Tag>,
        lines: [
          t('customerHistory.appointmentAt', { time: formatDateTime(entry.startsAt) }),
          entry.arrivedAt ? t('customerHistory.arrivedAt', { time: formatDateTime(entry.arrivedAt) }) : null,
        ],
        link: entry.dealer ? `/appointments?date=${dealerDateOf(entry.startsAt)}&highlight=${entry.id}` : null,
      };
    case 'call':
      return {
        title: t(`followUp.rules.${entry.rule}`),
        tags: (
          <>
            <Tag color={entry.outcome === 'reached' ? 'green' : 'default'}>{t(`followUp.results.${entry.outcome}`)}</Tag>
            {entry.satisfaction && (
              <Tag color={isDissatisfied(entry.satisfaction) ? 'red' : 'default'}>{t(`followUp.satisfaction.${entry.satisfaction}`)}</Tag>
            )}
          </>
        ),
        lines: [
          entry.notes ? t('customerHistory.notes', { notes: entry.notes }) : null,
          entry.agent ? t('customerHistory.agent', { name: entry.agent.name }) : null,
        ],
        link: `/follow-up/${entry.taskId}`,
      };
    case 'complaint':
      return {
        title: entry.number,
        tags: (
          <>
            <Tag color={entry.status === 'closed' ? 'default' : 'red'}>{t(`complaints.statuses.${entry.status}`)}</Tag>
            {entry.category && <Tag>{t(`complaints.categories.${entry.category}`)}</Tag>}
          </>
        ),
        lines: [t(`complaints.channels.${entry.channel}`)],
        link: `/complaints/${entry.id}`,
      };
    case 'survey':
      return {
        title:
          entry.csi !== null
            ? t('customerHistory.csi', { score: entry.csi.toFixed(entry.csi % 1 === 0 ? 0 : 1) })
            : historyKindLabel('survey'),
        tags: (
          <>
            {entry.low && <Tag color="red">{t('customerHistory.lowScore')}</Tag>}
            {entry.source === 'call' && <Tag>{t('customerHistory.byCall')}</Tag>}
          </>
        ),
        lines: [],
        link: entry.complaintId ? `/complaints/${entry.complaintId}` : entry.repairOrderId ? `/repair-orders/${entry.repairOrderId}` : null,
      };
    case 'message':
      return {
        title: templateLabel(entry.template),
        tags: (
          <>
            <Tag>{channelLabel(entry.channel)}</Tag>
            <Tag color={MESSAGE_COLORS[entry.status] ?? 'default'}>{messageStatusLabel(entry.status)}</Tag>
          </>
        ),
        lines: [entry.status === 'skipped' ? skipReasonLabel(entry.skipReason) : null],
        link: null,
      };
  }
}

function channelLabel(channel: string): string {
  return ['sms', 'phone', 'email', 'wechat'].includes(channel) ? tr(`customer.channels.${channel}`) : tr('customerHistory.kinds.message');
}
