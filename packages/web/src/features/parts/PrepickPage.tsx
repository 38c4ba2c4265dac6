import { CheckOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { appointmentKeys, appointmentsApi, type PrepickRow } from '../../api/appointments';
import { errorMessage } from '../../api/problems';
import { dealerDate, dealerTimeOf } from '../../components/dealerTime';
import { formatFen } from '../../components/money';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { PREPICK_COLORS, StockTag } from '../appointments/AppointmentParts';
import { dayLabel } from '../appointments/appointmentText';

type Group = { appointment: PrepickRow['appointment']; items: PrepickRow[] };

function groupByAppointment(rows: PrepickRow[]): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const group = groups.get(row.appointment.id) ?? { appointment: row.appointment, items: [] };
    group.items.push(row);
    groups.set(row.appointment.id, group);
  }
  return [...groups.values()].sort((a, b) => a.appointment.startsAt.localeCompare(b.appointment.startsAt));
}

function ItemActions({ item, date }: { item: PrepickRow; date: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<'picked' | 'shortage' | null>(null);

  async function mark(status: 'picked' | 'shortage') {
    setBusy(status);
    try {
      await appointmentsApi.updatePrepick(item.id, status);
      void message.success(
        status === 'picked' ? t('prepick.markedPicked', { name: item.name }) : t('prepick.markedShortage', { name: item.name }),
      );
      void queryClient.invalidateQueries({ queryKey: appointmentKeys.prepick(date) });
      void queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  if (item.status !== 'requested') return null;
  return (
    <Space wrap>
      <Button
        type="primary"
        icon={<CheckOutlined />}
        loading={busy === 'picked'}
        disabled={busy === 'shortage'}
        onClick={() => void mark('picked')}
        data-testid="prepick-picked"
      >
        {t('prepick.picked')}
      </Button>
      <Popconfirm
        title={t('prepick.shortageTitle')}
        description={t('prepick.shortageContent')}
        okText={t('prepick.shortage')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={() => mark('shortage')}
      >
        <Button danger icon={<WarningOutlined />} loading={busy === 'shortage'} disabled={busy === 'picked'} data-testid="prepick-shortage">
          {t('prepick.shortage')}
        </Button>
      </Popconfirm>
    </Space>
  );
}

/** 预检料: the parts of a day's appointments, picked in advance or reported short. */
export function PrepickPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? dealerDate(1);
  const list = useQuery({ queryKey: appointmentKeys.prepick(date), queryFn: () => appointmentsApi.prepick(date).then((r) => r.items) });
  const groups = groupByAppointment(list.data ?? []);
  const open = (list.data ?? []).filter((i) => i.status === 'requested').length;

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('prepick.title')}
      </Typography.Title>
      <Card styles={{ body: { padding: 12 } }}>
        <Space wrap>
          <DatePicker
            value={dayjs(date)}
            allowClear={false}
            inputReadOnly
            onChange={(d) => d && setParams({ date: d.format('YYYY-MM-DD') }, { replace: true })}
          />
          <Button onClick={() => setParams({ date: dealerDate(0) }, { replace: true })}>{t('board.today')}</Button>
          <Button onClick={() => setParams({}, { replace: true })}>{t('board.tomorrow')}</Button>
          <Typography.Text type="secondary">
            {dayLabel(date)}
            {list.data ? ` · ${t('prepick.summary', { appointments: groups.length, open })}` : ''}
          </Typography.Text>
          <Button icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('common.reload')} onClick={() => void list.refetch()} />
        </Space>
      </Card>
      {list.isPending ? (
        <PageSkeleton cards={2} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : groups.length === 0 ? (
        <Card>
          <EmptyState description={t('prepick.empty')} />
        </Card>
      ) : (
        groups.map((group) => (
          <Card
            key={group.appointment.id}
            size="small"
            data-testid="prepick-group"
            title={
              <Space wrap size={10}>
                <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {dealerTimeOf(group.appointment.startsAt)}
                </Typography.Text>
                <PlateTag plate={group.appointment.plate} size="small" />
                <span>{group.appointment.customerName}</span>
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                  {group.appointment.number}
                </Typography.Text>
              </Space>
            }
          >
            <Table<PrepickRow>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={group.items}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('parts.partNumber'), dataIndex: 'partNumber', render: (v: string) => <span className="sb-mono">{v}</span> },
                { title: t('parts.name'), dataIndex: 'name' },
                { title: t('parts.quantity'), dataIndex: 'quantity', align: 'right' },
                { title: t('parts.unitPrice'), dataIndex: 'unitPriceFen', align: 'right', render: (v: number) => formatFen(v) },
                { title: t('parts.stock'), dataIndex: 'inStock', render: (v: boolean) => <StockTag inStock={v} /> },
                {
                  title: t('prepick.status'),
                  dataIndex: 'status',
                  render: (v: PrepickRow['status']) => (
                    <Tag color={PREPICK_COLORS[v]} data-testid="prepick-status">
                      {t(`prepick.statuses.${v}`)}
                    </Tag>
                  ),
                },
                { key: 'actions', render: (_, item) => <ItemActions item={item} date={date} /> },
              ]}
            />
          </Card>
        ))
      )}
    </div>
  );
}
