import { MailOutlined, MessageOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { appointmentKeys, appointmentsApi, type OutboxMessage } from '../../api/appointments';
import { hasTranslation } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { ErrorState } from '../../components/PageState';
import i18n from '../../i18n';

type Translate = (key: string) => string;
const tr = (key: string, fallback: string) => (hasTranslation(key) ? (i18n.t as unknown as Translate)(key) : fallback);
const STATUS_COLORS: Record<string, string> = { sent: 'green', pending: 'blue', queued: 'blue', skipped: 'default', failed: 'red' };

/** 消息记录: every SMS and email the system sent (or chose not to send, and why). */
export function MessagesPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: appointmentKeys.messages, queryFn: () => appointmentsApi.messages(50).then((r) => r.items), refetchInterval: 30_000 });

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('messages.title')}
      </Typography.Title>
      <Card
        title={<Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{t('messages.hint')}</Typography.Text>}
        extra={<Button icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('common.reload')} onClick={() => void list.refetch()} />}
        styles={{ body: { padding: 0 } }}
      >
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<OutboxMessage>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data ?? []}
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
              { title: t('messages.recipient'), dataIndex: 'recipient', render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> },
              { title: t('messages.template'), dataIndex: 'template', render: (v: string) => tr(`messages.templates.${v}`, v) },
              {
                title: t('messages.status'),
                key: 'status',
                render: (_, m) => (
                  <div style={{ display: 'grid', gap: 4 }}>
                    <Tag color={STATUS_COLORS[m.status] ?? 'default'} style={{ width: 'fit-content' }}>
                      {tr(`messages.statuses.${m.status}`, m.status)}
                    </Tag>
                    {m.skipReason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tr(`messages.skipReasons.${m.skipReason}`, m.skipReason)}</Typography.Text>}
                  </div>
                ),
              },
              {
                title: t('messages.body'),
                dataIndex: 'body',
                width: 440,
                render: (v: string) => <Typography.Paragraph style={{ margin: 0, minWidth: 280, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 13 }}>{v}</Typography.Paragraph>,
              },
              { title: t('messages.sentAt'), dataIndex: 'sentAt', render: (v: string | null) => formatDateTime(v) ?? t('common.none'), width: 150 },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
