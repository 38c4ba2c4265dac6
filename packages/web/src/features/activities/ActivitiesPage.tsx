import { PlusOutlined } from '@ant-design/icons';
import { ACTIVITY_STATES, type ActivityState } from '@servicebay/contracts/constants';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type Activity, useActivities } from '../../api/activities';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { formatFen } from '../../components/money';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { ActivityDrawer } from './ActivityDrawer';
import { STATE_COLOR } from './activityText';

/** 客户活动 /activities — the dealer's activities (the car maker: its network's, by dealer). */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const carMaker = useIsCarMaker();
  const canManage = useCan('activity.manage') && !carMaker;
  const [state, setState] = useState<ActivityState | undefined>();
  const [dealerId, setDealerId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const list = useActivities({ state, dealerId });

  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="activities-page">
      <Space wrap size={16} style={{ justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('activities.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('activities.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          {carMaker && <NetworkDealerFilter value={dealerId} onChange={setDealerId} />}
          <Select<ActivityState>
            allowClear
            value={state}
            onChange={(v) => setState(v ?? undefined)}
            placeholder={t('activities.allStates')}
            options={ACTIVITY_STATES.map((s) => ({ value: s, label: t(`activities.states.${s}`) }))}
            style={{ minWidth: 140 }}
            data-testid="activity-state-filter"
          />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="activity-new">
              {t('activities.new')}
            </Button>
          )}
        </Space>
      </Space>
      {list.isPending ? (
        <PageSkeleton cards={1} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Card>
          <EmptyState description={t('activities.empty')}>
            {canManage && <Typography.Text type="secondary">{t('activities.emptyHint')}</Typography.Text>}
          </EmptyState>
        </Card>
      ) : (
        <Card size="small">
          <Table<Activity>
            rowKey="id"
            dataSource={list.data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            onRow={(a) => ({ onClick: () => navigate(`/activities/${a.id}`), style: { cursor: 'pointer' } })}
            data-testid="activity-table"
            columns={[
              {
                title: t('activities.fields.title'),
                key: 'title',
                render: (_, a) => (
                  <Space direction="vertical" size={0}>
                    <Link to={`/activities/${a.id}`} onClick={(e) => e.stopPropagation()}>
                      {a.title}
                    </Link>
                    <Typography.Text type="secondary">{t(`activities.kinds.${a.kind}`)}</Typography.Text>
                  </Space>
                ),
              },
              ...(carMaker
                ? [{ title: t('activities.fields.dealer'), key: 'dealer', render: (_: unknown, a: Activity) => a.dealer.name }]
                : []),
              { title: t('activities.fields.when'), key: 'when', render: (_, a) => formatDateTime(a.startsAt) },
              { title: t('activities.fields.place'), dataIndex: 'place', key: 'place', responsive: ['md'] },
              {
                title: t('activities.fields.signedUp'),
                key: 'signedUp',
                render: (_, a) => `${a.counts.seatsTaken} / ${a.capacity}`,
              },
              { title: t('activities.report.cost'), key: 'cost', responsive: ['lg'], render: (_, a) => formatFen(a.costFen) },
              {
                title: t('activities.fields.state'),
                key: 'state',
                render: (_, a) => <Tag color={STATE_COLOR[a.state]}>{t(`activities.states.${a.state}`)}</Tag>,
              },
            ]}
          />
        </Card>
      )}
      <ActivityDrawer open={creating} activity={null} onClose={() => setCreating(false)} onSaved={(a) => navigate(`/activities/${a.id}`)} />
    </div>
  );
}
