import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Table, Typography } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type Campaign, useCampaigns } from '../../api/warranty';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { CampaignKindTag, CampaignStateTag, CompletionBar, Validity } from './CampaignTags';
import { sortCampaigns } from './campaigns';
import { WarrantyHeader } from './WarrantyNav';

// Only the car maker launches campaigns: the form (and its file reading) loads when it is first opened.
const CampaignFormDrawer = lazy(async () => ({ default: (await import('./CampaignFormDrawer')).CampaignFormDrawer }));

/** 召回与服务活动: the campaigns with their completion (a dealer: the campaigns naming its cars, its figures). */
export function CampaignListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const carMaker = useIsCarMaker();
  const [params, setParams] = useSearchParams();
  const dealerId = carMaker ? (params.get('dealer') ?? undefined) : undefined;
  const campaigns = useCampaigns(dealerId);
  const [creating, setCreating] = useState(false);
  // Mounted from the first opening on, so that the drawer can animate closed.
  const [drawerLoaded, setDrawerLoaded] = useState(false);
  const startCreating = () => {
    setDrawerLoaded(true);
    setCreating(true);
  };
  const canWrite = campaigns.data?.canWrite ?? false;
  const open = (c: Campaign) => void navigate(`/warranty/campaigns/${c.id}`);

  const setDealer = (id: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('dealer', id);
        else next.delete('dealer');
        return next;
      },
      { replace: true },
    );

  let body: ReactNode;
  if (campaigns.isPending)
    body = (
      <div style={{ padding: 16 }}>
        <PageSkeleton cards={1} />
      </div>
    );
  else if (campaigns.isError) body = <ErrorState error={campaigns.error} onRetry={() => void campaigns.refetch()} />;
  else if (campaigns.data.items.length === 0)
    body = (
      <div style={{ padding: 32 }} data-testid="campaign-empty">
        <EmptyState description={canWrite ? t('warranty.campaigns.emptyWrite') : t('warranty.campaigns.empty')}>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={startCreating}>
              {t('warranty.campaigns.new')}
            </Button>
          )}
        </EmptyState>
      </div>
    );
  else
    body = (
      <Table<Campaign>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={sortCampaigns(campaigns.data.items)}
        scroll={{ x: 'max-content' }}
        style={{ opacity: campaigns.isPlaceholderData ? 0.6 : 1 }}
        data-testid="campaign-table"
        onRow={(c) =>
          ({
            'data-testid': 'campaign-row',
            'data-id': c.id,
            'data-code': c.code,
            style: { cursor: 'pointer' },
            onClick: (event) => {
              if ((event.target as HTMLElement).closest('a, button')) return;
              open(c);
            },
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('warranty.campaigns.code'),
            key: 'code',
            render: (_, c) => (
              <Link to={`/warranty/campaigns/${c.id}`} className="sb-mono" style={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
                {c.code}
              </Link>
            ),
          },
          { title: t('warranty.campaigns.kind'), key: 'kind', render: (_, c) => <CampaignKindTag kind={c.kind} /> },
          {
            title: t('warranty.campaigns.titleField'),
            key: 'title',
            render: (_, c) => (
              <Typography.Text style={{ display: 'inline-block', minWidth: 160, maxWidth: 320 }}>{c.title}</Typography.Text>
            ),
          },
          { title: t('warranty.campaigns.validity'), key: 'validity', render: (_, c) => <Validity from={c.validFrom} to={c.validTo} /> },
          { title: t('warranty.campaigns.state'), key: 'state', render: (_, c) => <CampaignStateTag open={c.open} /> },
          {
            title: t('warranty.campaigns.vehicles'),
            key: 'vehicles',
            align: 'right',
            render: (_, c) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{c.vehicles.toLocaleString()}</span>,
          },
          {
            title: t('warranty.campaigns.completed'),
            key: 'completed',
            align: 'right',
            render: (_, c) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{c.completed.toLocaleString()}</span>,
          },
          {
            title: t('warranty.campaigns.completionRate'),
            key: 'rate',
            width: 180,
            sorter: (a, b) => (a.completionRate ?? -1) - (b.completionRate ?? -1),
            render: (_, c) => <CompletionBar rate={c.completionRate} testId="campaign-row-rate" />,
          },
        ]}
      />
    );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="campaign-list-page">
      <WarrantyHeader
        title={t('warranty.campaigns.title')}
        extra={
          <>
            {carMaker && <NetworkDealerFilter value={dealerId} onChange={setDealer} />}
            <Button
              icon={<ReloadOutlined spin={campaigns.isFetching && !campaigns.isPending} />}
              aria-label={t('common.reload')}
              onClick={() => void campaigns.refetch()}
            />
            {canWrite && (
              <Button type="primary" size="large" icon={<PlusOutlined />} onClick={startCreating} data-testid="campaign-new">
                {t('warranty.campaigns.new')}
              </Button>
            )}
          </>
        }
      />
      <Typography.Text type="secondary">
        {carMaker ? t('warranty.campaigns.hintNetwork') : t('warranty.campaigns.hintDealer')}
      </Typography.Text>
      <Card styles={{ body: { padding: 0 } }}>{body}</Card>
      {canWrite && drawerLoaded && (
        <Suspense fallback={null}>
          <CampaignFormDrawer
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={(c) => {
              setCreating(false);
              void navigate(`/warranty/campaigns/${c.id}`);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
