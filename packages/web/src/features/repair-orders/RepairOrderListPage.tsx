import { PlusOutlined } from '@ant-design/icons';
import { RO_STATUSES } from '@servicebay/contracts/constants';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type RepairOrder, type RoStatus, useRepairOrders } from '../../api/repairOrders';
import { useCan } from '../../app/session';
import { formatFen } from '../../components/money';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { ErrorState } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { PromisedTime, RoStatusTag } from './roText';

/** A filter of its own: the orders a cashier settles (ready or invoiced). */
const TO_SETTLE = 'to_settle';

/** 维修工单: the dealer's repair orders, filtered by status. */
export function RepairOrderListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan('repair_order.write');
  const [params, setParams] = useSearchParams();
  const toSettle = params.get('status') === TO_SETTLE;
  const status = (RO_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as RoStatus) : undefined;
  // Car-maker staff read every dealer's orders, narrowed to one dealer on demand.
  const carMaker = useIsCarMaker();
  const dealerId = params.get('dealer') ?? undefined;
  const listed = useRepairOrders(status, !toSettle, dealerId);
  // The cashier's view: ready to invoice and invoiced but not yet handed back, the next promised time first.
  const ready = useRepairOrders('ready', toSettle, dealerId);
  const invoiced = useRepairOrders('invoiced', toSettle, dealerId);
  const setParam = (key: string, value: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const settling = {
    ...ready,
    isFetching: ready.isFetching || invoiced.isFetching,
    isError: ready.isError || invoiced.isError,
    error: ready.error ?? invoiced.error,
    data:
      ready.data && invoiced.data ? [...ready.data, ...invoiced.data].sort((a, b) => a.promisedAt.localeCompare(b.promisedAt)) : undefined,
    refetch: () => Promise.all([ready.refetch(), invoiced.refetch()]),
  };
  const orders = toSettle ? settling : listed;

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="ro-list-page">
      <Space wrap style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('ro.listTitle')}
        </Typography.Title>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('ro.allStatuses')}
            value={toSettle ? TO_SETTLE : status}
            style={{ width: 180 }}
            options={[{ value: TO_SETTLE, label: t('ro.toSettle') }, ...RO_STATUSES.map((s) => ({ value: s, label: t(`roStatus.${s}`) }))]}
            onChange={(v?: string) => setParam('status', v)}
            data-testid="ro-status-filter"
          />
          {carMaker && <NetworkDealerFilter value={dealerId} onChange={(id) => setParam('dealer', id)} />}
          {canWrite && (
            <Link to="/reception/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="walk-in-reception">
                {t('reception.walkInTitle')}
              </Button>
            </Link>
          )}
        </Space>
      </Space>
      <Card styles={{ body: { padding: 0 } }}>
        {orders.isError ? (
          <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
        ) : (
          <Table<RepairOrder>
            rowKey="id"
            loading={orders.isFetching}
            dataSource={orders.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            onRow={(o) =>
              ({ onClick: () => navigate(`/repair-orders/${o.id}`), style: { cursor: 'pointer' }, 'data-testid': 'ro-row' }) as object
            }
            columns={[
              ...(carMaker ? [{ title: t('networkRead.dealer'), render: (_: unknown, o: RepairOrder) => o.dealer.name }] : []),
              { title: t('ro.number'), render: (_, o) => <Link to={`/repair-orders/${o.id}`}>{o.number}</Link> },
              { title: t('ro.status'), render: (_, o) => <RoStatusTag status={o.status} /> },
              { title: t('ro.vehicle'), render: (_, o) => <PlateTag plate={o.vehicle.plate} size="small" /> },
              { title: t('ro.customer'), render: (_, o) => o.customer.name },
              { title: t('visit.sa'), render: (_, o) => o.sa?.name ?? t('common.none') },
              { title: t('ro.promisedAt'), render: (_, o) => <PromisedTime promisedAt={o.promisedAt} status={o.status} /> },
              { title: t('ro.customerPayable'), align: 'right', render: (_, o) => formatFen(o.totals.customerPayableFen) },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
