import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Table, Typography } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type SanbaoWatchItem, useSanbaoWatch } from '../../api/warranty';
import { formatDateTime } from '../../components/DateText';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { SanbaoDecisionTag, SanbaoFlagTag } from './SanbaoTags';
import { sortWatch, worstLevel } from './sanbao';
import { WarrantyHeader } from './WarrantyNav';

const VIEWS = ['open', 'all'] as const;
type View = (typeof VIEWS)[number];
/** 三包预警: the household cars near or at a 三包 threshold, with their case and its decision. */
export function SanbaoWatchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const carMaker = useIsCarMaker();
  const [params, setParams] = useSearchParams();
  const dealerId = carMaker ? (params.get('dealer') ?? undefined) : undefined;
  const view: View = params.get('view') === 'all' ? 'all' : 'open';
  const watch = useSanbaoWatch(dealerId);
  const items = useMemo(
    () => sortWatch((watch.data?.items ?? []).filter((i) => view === 'all' || i.case.status === 'open')),
    [watch.data, view],
  );

  const update = (key: string, value: string | null | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  let body: ReactNode;
  if (watch.isPending)
    body = (
      <div style={{ padding: 16 }}>
        <PageSkeleton cards={1} />
      </div>
    );
  else if (watch.isError) body = <ErrorState error={watch.error} onRetry={() => void watch.refetch()} />;
  else if (items.length === 0)
    body = (
      <div style={{ padding: 32 }} data-testid="sanbao-empty">
        <EmptyState description={view === 'open' ? t('warranty.sanbao.emptyOpen') : t('warranty.sanbao.empty')} />
      </div>
    );
  else
    body = (
      <Table<SanbaoWatchItem>
        rowKey={(i) => i.case.id}
        size="middle"
        dataSource={items}
        pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        style={{ opacity: watch.isPlaceholderData ? 0.6 : 1 }}
        data-testid="sanbao-table"
        onRow={(i) =>
          ({
            'data-testid': 'sanbao-row',
            'data-vehicle': i.vehicle.id,
            'data-level': worstLevel(i.case.flags),
            style: { cursor: 'pointer' },
            onClick: (event) => {
              if ((event.target as HTMLElement).closest('a, button')) return;
              void navigate(`/vehicles/${i.vehicle.id}`);
            },
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('warranty.columns.vehicle'),
            key: 'vehicle',
            render: (_, i) => (
              <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
                <Link to={`/vehicles/${i.vehicle.id}`} className="sb-mono" style={{ fontWeight: 600 }} data-testid="sanbao-vehicle-link">
                  {i.vehicle.vin}
                </Link>
                <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
                  {i.vehicle.plate && <PlateTag plate={i.vehicle.plate} size="small" showKindTag={false} />}
                  {i.vehicle.modelName && <Typography.Text type="secondary">{i.vehicle.modelName}</Typography.Text>}
                </span>
              </div>
            ),
          },
          {
            title: t('warranty.sanbao.flags'),
            key: 'flags',
            render: (_, i) => (
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, maxWidth: 360 }}>
                {i.case.flags.map((f) => (
                  <SanbaoFlagTag key={f.threshold} flag={f} />
                ))}
              </div>
            ),
          },
          ...(carMaker
            ? [{ title: t('warranty.columns.dealer'), key: 'dealer', render: (_: unknown, i: SanbaoWatchItem) => i.case.dealer.name }]
            : []),
          {
            title: t('warranty.sanbao.openedAt'),
            key: 'openedAt',
            sorter: (a, b) => a.case.openedAt.localeCompare(b.case.openedAt),
            render: (_, i) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(i.case.openedAt)}</span>,
          },
          {
            title: t('warranty.sanbao.decision'),
            key: 'decision',
            render: (_, i) => (
              <div style={{ display: 'grid', gap: 2, justifyItems: 'start' }}>
                <SanbaoDecisionTag decision={i.case.decision} />
                {i.case.decidedAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('warranty.claim.decidedBy', {
                      name: i.case.decidedBy?.name ?? t('common.none'),
                      time: formatDateTime(i.case.decidedAt),
                    })}
                  </Typography.Text>
                )}
              </div>
            ),
          },
        ]}
      />
    );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="sanbao-watch-page">
      <WarrantyHeader
        title={t('warranty.sanbao.title')}
        extra={
          <>
            {carMaker && <NetworkDealerFilter value={dealerId} onChange={(id) => update('dealer', id)} />}
            <Button
              icon={<ReloadOutlined spin={watch.isFetching && !watch.isPending} />}
              aria-label={t('common.reload')}
              onClick={() => void watch.refetch()}
            />
          </>
        }
      />
      <Typography.Text type="secondary">{t('warranty.sanbao.hint')}</Typography.Text>
      <Card
        styles={{ body: { padding: 0 } }}
        title={
          <Segmented<View>
            value={view}
            onChange={(v) => update('view', v === 'open' ? null : v)}
            options={VIEWS.map((v) => ({ value: v, label: t(`warranty.sanbao.views.${v}`) }))}
            data-testid="sanbao-views"
          />
        }
      >
        {body}
      </Card>
    </div>
  );
}
