import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type Appointment, useAppointments } from '../../api/appointments';
import { formatDateTime } from '../../components/DateText';
import { dealerDate } from '../../components/dealerTime';
import { NetworkDealerFilter } from '../../components/NetworkDealerFilter';
import { ErrorState } from '../../components/PageState';
import { AppointmentDrawer } from './AppointmentDrawer';
import { StatusTag } from './AppointmentTags';

/** The car maker's appointment board: one day across the network, each row naming its dealer; read only. */
export function NetworkAppointmentList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? dealerDate(0);
  const dealerId = params.get('dealer') ?? undefined;
  const openId = params.get('open');
  const list = useAppointments({ from: date, to: date, dealerId });

  const update = (changes: Record<string, string | null | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value == null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Space direction="vertical" size={4}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('board.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('networkRead.readOnly')}</Typography.Text>
      </Space>
      <Card styles={{ body: { padding: 12 } }}>
        <Space wrap>
          <Space.Compact>
            <Button
              icon={<LeftOutlined />}
              aria-label={t('board.previous')}
              onClick={() => update({ date: dayjs(date).add(-1, 'day').format('YYYY-MM-DD') })}
            />
            <DatePicker
              value={dayjs(date)}
              allowClear={false}
              inputReadOnly
              onChange={(d) => d && update({ date: d.format('YYYY-MM-DD') })}
              style={{ width: 150 }}
            />
            <Button
              icon={<RightOutlined />}
              aria-label={t('board.next')}
              onClick={() => update({ date: dayjs(date).add(1, 'day').format('YYYY-MM-DD') })}
            />
          </Space.Compact>
          <NetworkDealerFilter value={dealerId} onChange={(id) => update({ dealer: id })} />
        </Space>
      </Card>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Appointment>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={false}
          scroll={{ x: true }}
          data-testid="network-appointments"
          onRow={(a) => ({ onClick: () => update({ open: a.id }), style: { cursor: 'pointer' } })}
          columns={[
            { key: 'dealer', title: t('networkRead.dealer'), render: (_, a) => a.dealer.name },
            { key: 'time', title: t('appointment.time'), render: (_, a) => formatDateTime(a.startsAt) },
            { key: 'number', title: t('networkRead.number'), dataIndex: 'number' },
            { key: 'customer', title: t('appointment.customer'), render: (_, a) => a.customer.name },
            { key: 'vehicle', title: t('appointment.vehicle'), render: (_, a) => a.vehicle.plate },
            { key: 'status', title: t('ro.status'), render: (_, a) => <StatusTag status={a.status} /> },
            { key: 'sa', title: t('networkRead.sa'), render: (_, a) => a.assignedSa?.name ?? t('appointment.noSaShort') },
          ]}
        />
      )}
      <AppointmentDrawer appointmentId={openId} onClose={() => update({ open: null })} />
    </div>
  );
}
