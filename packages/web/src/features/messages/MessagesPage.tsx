import { MailOutlined, MessageOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { messageRecipientFilterSchema } from '@servicebay/contracts';
import { MESSAGE_CHANNELS, MESSAGE_LOG_MAX_DAYS, MESSAGE_LOG_STATUSES, MESSAGE_READ_ROLES } from '@servicebay/contracts/constants';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Input, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appointmentKeys, appointmentsApi, type MessageLogFilter, type OutboxMessage } from '../../api/appointments';
import { hasTranslation } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { ErrorState } from '../../components/PageState';
import i18n from '../../i18n';

type Translate = (key: string) => string;
const tr = (key: string, fallback: string) => (hasTranslation(key) ? (i18n.t as unknown as Translate)(key) : fallback);
const STATUS_COLORS: Record<string, string> = { sent: 'green', pending: 'blue', queued: 'blue', skipped: 'default', failed: 'red' };

/** 消息记录: every SMS and email the system sent (or chose not to send, and why), filtered, newest first. */
export function MessagesPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<MessageLogFilter>({});
  const [recipient, setRecipient] = useState('');
  const recipientValid = recipient === '' || messageRecipientFilterSchema.safeParse(recipient).success;
  const list = useInfiniteQuery({
    queryKey: appointmentKeys.messageLog(filter),
    queryFn: ({ pageParam }) => appointmentsApi.messages(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: MessageLogFilter) =>
    setFilter(
      (f) => Object.fromEntries(Object.entries({ ...f, ...patch }).filter(([, v]) => v !== undefined && v !== '')) as MessageLogFilter,
    );

  function setPeriod(range: [Dayjs | null, Dayjs | null] | null) {
    const [from, to] = range ?? [null, null];
    set(from && to ? { from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') } : { from: undefined, to: undefined });
  }

  const roles = MESSAGE_READ_ROLES.map((role) => tr(`complaints.roles.${role}`, role)).join(i18n.language === 'en' ? ', ' : '、');

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <div style={{ display: 'grid', gap: 4 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('messages.title')}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="messages-readable-by">
          <TeamOutlined /> {t('messages.readableBy', { roles })}
        </Typography.Text>
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="messages-filters">
        <Select
          allowClear
          size="large"
          style={{ minWidth: 140 }}
          placeholder={t('messages.filters.channel')}
          aria-label={t('messages.channel')}
          value={filter.channel}
          onChange={(channel) => set({ channel })}
          options={MESSAGE_CHANNELS.map((c) => ({ value: c, label: tr(`customer.channels.${c}`, c) }))}
          data-testid="messages-filter-channel"
        />
        <Select
          allowClear
          size="large"
          style={{ minWidth: 140 }}
          placeholder={t('messages.filters.status')}
          aria-label={t('messages.status')}
          value={filter.status}
          onChange={(status) => set({ status })}
          options={MESSAGE_LOG_STATUSES.map((s) => ({ value: s, label: tr(`messages.statuses.${s}`, s) }))}
          data-testid="messages-filter-status"
        />
        <DatePicker.RangePicker
          size="large"
          inputReadOnly
          aria-label={t('messages.filters.period', { days: MESSAGE_LOG_MAX_DAYS })}
          placeholder={[t('messages.filters.period', { days: MESSAGE_LOG_MAX_DAYS }), '']}
          onChange={(range) => setPeriod(range as [Dayjs | null, Dayjs | null] | null)}
          disabledDate={(day, info) => !!info.from && Math.abs(day.diff(info.from, 'day')) >= MESSAGE_LOG_MAX_DAYS}
          data-testid="messages-filter-period"
        />
        <Input.Search
          allowClear
          size="large"
          inputMode="numeric"
          style={{ width: 220 }}
          placeholder={t('messages.filters.recipient')}
          aria-label={t('messages.filters.recipient')}
          status={recipientValid ? undefined : 'error'}
          value={recipient}
          onChange={(e) => {
            setRecipient(e.target.value.trim());
            if (!e.target.value.trim()) set({ recipient: undefined });
          }}
          onSearch={(value) => {
            const v = value.trim();
            if (v === '' || messageRecipientFilterSchema.safeParse(v).success) set({ recipient: v || undefined });
          }}
          data-testid="messages-filter-recipient"
        />
        {!recipientValid && (
          <Typography.Text type="danger" style={{ alignSelf: 'center' }}>
            {t('messages.filters.recipientInvalid')}
          </Typography.Text>
        )}
      </div>
      <Card
        title={
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('messages.hint')}
          </Typography.Text>
        }
        extra={
          <Button icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('common.reload')} onClick={() => void list.refetch()} />
        }
        styles={{ body: { padding: 0 } }}
      >
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<OutboxMessage>
            rowKey="id"
            loading={list.isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('messages.empty') }}
            data-testid="messages-table"
            columns={[
              { title: t('messages.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v), width: 150 },
              {
                title: t('messages.channel'),
                dataIndex: 'channel',
                render: (v: string) => (
                  <Tag icon={v === 'email' ? <MailOutlined /> : <MessageOutlined />}>{tr(`customer.channels.${v}`, v)}</Tag>
                ),
              },
              {
                title: t('messages.recipient'),
                dataIndex: 'recipient',
                render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span>,
              },
              { title: t('messages.template'), dataIndex: 'template', render: (v: string) => tr(`messages.templates.${v}`, v) },
              {
                title: t('messages.status'),
                key: 'status',
                render: (_, m) => (
                  <div style={{ display: 'grid', gap: 4 }} data-testid="message-status" data-status={m.status}>
                    <Tag color={STATUS_COLORS[m.status] ?? 'default'} style={{ width: 'fit-content' }}>
                      {tr(`messages.statuses.${m.status}`, m.status)}
                    </Tag>
                    {m.skipReason && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {tr(`messages.skipReasons.${m.skipReason}`, m.skipReason)}
                      </Typography.Text>
                    )}
                    {m.status === 'pending' && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('messages.notBefore', { time: formatDateTime(m.notBefore) })}
                      </Typography.Text>
                    )}
                  </div>
                ),
              },
              {
                title: t('messages.body'),
                dataIndex: 'body',
                width: 440,
                render: (v: string) => (
                  <Typography.Paragraph style={{ margin: 0, minWidth: 280, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 13 }}>
                    {v}
                  </Typography.Paragraph>
                ),
              },
              {
                title: t('messages.sentAt'),
                dataIndex: 'sentAt',
                render: (v: string | null) => formatDateTime(v) ?? t('common.none'),
                width: 150,
              },
            ]}
          />
        )}
        {list.hasNextPage && (
          <div style={{ display: 'flex', justifyContent: 'center', padding: 12 }}>
            <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} data-testid="messages-load-more">
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
