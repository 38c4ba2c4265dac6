import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Segmented, Space, Table, Typography } from 'antd';
import type { HTMLAttributes, KeyboardEvent, ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type ClaimListItem, useClaims, useWarrantySettings } from '../../api/warranty';
import { useCan } from '../../app/session';
import { formatFen } from '../../components/money';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { useDebounced } from '../../components/useDebounced';
import { WarrantyHeader } from './WarrantyNav';
import { ClaimKindTag, ClaimStatusTag, PartsReturnTag, SubmitBy, useNow } from './WarrantyTags';
import {
  CLAIM_VIEWS,
  type ClaimView,
  DEFAULT_WARN_DAYS,
  defaultClaimView,
  isClaimView,
  mergeClaims,
  searchText,
  viewStatuses,
} from './warranty';

/** 索赔单: the dealer's claims (the car maker: the network's), by status, with their submission deadlines. */
export function ClaimListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const carMaker = useIsCarMaker();
  const canReview = useCan('warranty.review');
  const [params, setParams] = useSearchParams();
  const defaultView = defaultClaimView(canReview);
  const viewParam = params.get('view');
  const view: ClaimView = isClaimView(viewParam) ? viewParam : defaultView;
  const dealerId = carMaker ? (params.get('dealer') ?? undefined) : undefined;
  const [text, setText] = useState(params.get('q') ?? '');
  const q = searchText(useDebounced(text, 300));
  const settings = useWarrantySettings();
  const warnDays = settings.data?.warnDaysBefore ?? DEFAULT_WARN_DAYS;
  const now = useNow();

  // The work to send is two statuses, asked for side by side (the API filters on one).
  const [first, second] = viewStatuses(view);
  const main = useClaims({ status: first, dealerId, q });
  const extra = useClaims({ status: second, dealerId, q }, second !== undefined);
  const queries = second !== undefined ? [main, extra] : [main];
  const pending = queries.some((query) => query.isPending);
  const failed = queries.find((query) => query.isError);
  const items = mergeClaims(
    queries.map((query) => query.data?.pages.flatMap((page) => page.items) ?? []),
    view === 'toSubmit',
  );
  const hasMore = queries.some((query) => query.hasNextPage);
  const loadingMore = queries.some((query) => query.isFetchingNextPage);
  const fetching = queries.some((query) => query.isFetching);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text writes the URL
  useEffect(() => {
    if ((params.get('q') ?? '') !== (q ?? '')) update({ q: q ?? null });
  }, [q]);

  const open = (c: ClaimListItem) => void navigate(`/warranty/claims/${c.id}`);

  const columns = [
    {
      title: t('warranty.columns.number'),
      key: 'number',
      render: (_: unknown, c: ClaimListItem) => (
        <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
          <Link
            to={`/warranty/claims/${c.id}`}
            className="sb-mono"
            style={{ fontWeight: 600, whiteSpace: 'nowrap' }}
            data-testid="claim-link"
          >
            {c.number}
          </Link>
          {carMaker && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="claim-row-dealer">
              {c.dealer.name}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: `${t('warranty.columns.repairOrder')} / ${t('warranty.columns.vehicle')}`,
      key: 'vehicle',
      render: (_: unknown, c: ClaimListItem) => (
        <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
          <span className="sb-mono" style={{ whiteSpace: 'nowrap' }}>
            {c.repairOrder.number}
          </span>
          <Space size={6} wrap>
            {c.vehicle.plate && <PlateTag plate={c.vehicle.plate} size="small" showKindTag={false} />}
            <Typography.Text type="secondary" className="sb-mono" style={{ fontSize: 12 }} title={c.vehicle.vin}>
              {c.vehicle.vin}
            </Typography.Text>
          </Space>
        </div>
      ),
    },
    {
      title: `${t('warranty.columns.kind')} / ${t('warranty.columns.status')}`,
      key: 'status',
      render: (_: unknown, c: ClaimListItem) => (
        <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
          <ClaimKindTag kind={c.kind} />
          <ClaimStatusTag status={c.status} testId="claim-row-status" />
          {c.partsReturn && c.partsReturn.status !== 'received' && (
            <PartsReturnTag status={c.partsReturn.status} testId="claim-row-parts-return" />
          )}
        </div>
      ),
    },
    {
      title: t('warranty.columns.claimed'),
      key: 'claimed',
      align: 'right' as const,
      render: (_: unknown, c: ClaimListItem) => (
        <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid="claim-row-claimed">
          {formatFen(c.claimedFen)}
        </span>
      ),
    },
    {
      title: t('warranty.columns.approved'),
      key: 'approved',
      align: 'right' as const,
      render: (_: unknown, c: ClaimListItem) =>
        c.approvedFen === null ? (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ) : (
          <Typography.Text
            type={c.approvedFen < c.claimedFen ? 'warning' : undefined}
            style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
          >
            {formatFen(c.approvedFen)}
          </Typography.Text>
        ),
    },
    {
      title: t('warranty.columns.submitBy'),
      key: 'submitBy',
      render: (_: unknown, c: ClaimListItem) => <SubmitBy claim={c} now={now} warnDays={warnDays} testId="claim-row-submit-by" />,
    },
  ];

  const filtered = Boolean(q || dealerId);
  let body: ReactNode;
  if (pending)
    body = (
      <div style={{ padding: 16 }}>
        <PageSkeleton cards={1} />
      </div>
    );
  else if (failed) body = <ErrorState error={failed.error} onRetry={() => void Promise.all(queries.map((query) => query.refetch()))} />;
  else if (items.length === 0)
    body = (
      <div style={{ padding: 32 }} data-testid="claim-empty">
        <EmptyState description={filtered ? t('warranty.list.emptyFiltered') : t(`warranty.list.empty.${view}`)}>
          {filtered && (
            <Button
              onClick={() => {
                setText('');
                update({ q: null, dealer: null });
              }}
            >
              {t('warranty.list.clearFilters')}
            </Button>
          )}
        </EmptyState>
      </div>
    );
  else
    body = (
      <>
        <Table<ClaimListItem>
          rowKey="id"
          size="middle"
          dataSource={items}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName="sb-claim-row"
          style={{ opacity: queries.some((query) => query.isPlaceholderData) ? 0.6 : 1 }}
          onRow={(c) =>
            ({
              'data-testid': 'claim-row',
              'data-id': c.id,
              'data-number': c.number,
              'data-status': c.status,
              tabIndex: 0,
              'aria-label': t('warranty.list.openClaim', { number: c.number }),
              style: { cursor: 'pointer' },
              onClick: (event) => {
                if ((event.target as HTMLElement).closest('a, button')) return;
                open(c);
              },
              onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
                if (event.target !== event.currentTarget) return;
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  open(c);
                } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                  event.preventDefault();
                  const row =
                    event.key === 'ArrowDown' ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling;
                  if (row instanceof HTMLElement) row.focus();
                }
              },
            }) as HTMLAttributes<HTMLElement>
          }
          data-testid="claim-table"
        />
        {hasMore && (
          <div style={{ display: 'flex', justifyContent: 'center', padding: 12 }}>
            <Button
              loading={loadingMore}
              onClick={() => void Promise.all(queries.filter((query) => query.hasNextPage).map((query) => query.fetchNextPage()))}
              data-testid="claim-load-more"
            >
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </>
    );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="claim-list-page" data-view={view}>
      <WarrantyHeader title={t('warranty.list.title')} />
      {!canReview && !carMaker && (
        <Typography.Text type="secondary" data-testid="claim-list-hint">
          {t('warranty.list.hint')}
        </Typography.Text>
      )}
      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', padding: 12 }}>
          <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
            <Segmented<ClaimView>
              size="large"
              value={view}
              onChange={(v) => update({ view: v === defaultView ? null : v })}
              options={CLAIM_VIEWS.map((v) => ({
                value: v,
                label: <span data-testid={`claim-view-${v}`}>{t(`warranty.views.${v}`)}</span>,
              }))}
              data-testid="claim-views"
            />
          </div>
          <div style={{ flex: 1 }} />
          <Space wrap>
            <Input.Search
              allowClear
              value={text}
              maxLength={40}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('warranty.list.searchPlaceholder')}
              style={{ width: 260 }}
              aria-label={t('warranty.list.searchPlaceholder')}
              data-testid="claim-search"
            />
            {carMaker && <NetworkDealerFilter value={dealerId} onChange={(id) => update({ dealer: id ?? null })} />}
            <Button
              icon={<ReloadOutlined spin={fetching && !pending} />}
              aria-label={t('common.reload')}
              onClick={() => void Promise.all(queries.map((query) => query.refetch()))}
            />
          </Space>
        </div>
        {body}
      </Card>
    </div>
  );
}
