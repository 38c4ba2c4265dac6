import { NotificationOutlined } from '@ant-design/icons';
import { Alert, Card, List, Skeleton, Space, Tag, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { isHidden, useVehicleCampaigns, type VehicleCampaign } from '../../api/warranty';
import { formatDateTime } from '../../components/DateText';
import { ErrorState } from '../../components/PageState';
import { CampaignKindTag } from './CampaignTags';

function CampaignLine({ c }: { c: VehicleCampaign }) {
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }} data-testid="open-campaign" data-code={c.code}>
      <CampaignKindTag kind={c.kind} />
      <Typography.Text className="sb-mono">{c.code}</Typography.Text>
      <span>{c.title}</span>
    </span>
  );
}

/**
 * The recalls and service campaigns still to do on the car, as a warning (the vehicle page's top, the
 * reception's car). Nothing when there is none or the user may not read them.
 */
export function OpenCampaignsAlert({ vehicleId, compact = false, style }: { vehicleId: string; compact?: boolean; style?: CSSProperties }) {
  const { t } = useTranslation();
  const query = useVehicleCampaigns(vehicleId);
  const open = (query.data?.items ?? []).filter((c) => c.open);
  if (open.length === 0) return null;
  const recall = open.some((c) => c.kind === 'recall');
  return (
    <Alert
      type={recall ? 'error' : 'warning'}
      showIcon
      icon={<NotificationOutlined />}
      title={t('warranty.vehicleCampaigns.openAlert', { count: open.length })}
      description={
        <div style={{ display: 'grid', gap: 4 }}>
          {open.map((c) => (
            <CampaignLine key={c.id} c={c} />
          ))}
          {!compact && <Typography.Text type="secondary">{t('warranty.vehicleCampaigns.openHint')}</Typography.Text>}
        </div>
      }
      style={style}
      data-testid="open-campaigns-alert"
      data-count={open.length}
    />
  );
}

/** 召回与服务活动 on the vehicle page: the open ones first, the done ones with their day and dealer. */
export function VehicleCampaignsCard({ vehicleId }: { vehicleId: string }) {
  const { t } = useTranslation();
  const query = useVehicleCampaigns(vehicleId);
  const title = (
    <Space>
      <NotificationOutlined />
      {t('warranty.vehicleCampaigns.title')}
    </Space>
  );
  if (query.isPending)
    return (
      <Card title={title} size="small">
        <Skeleton active paragraph={{ rows: 1 }} />
      </Card>
    );
  if (query.isError) {
    if (isHidden(query.error)) return null;
    return (
      <Card title={title} size="small">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Card>
    );
  }
  const items = query.data.items;
  return (
    <Card title={title} size="small" data-testid="vehicle-campaigns-card">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('warranty.vehicleCampaigns.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(c) => (
            <List.Item data-testid="vehicle-campaign" data-open={c.open} style={{ flexWrap: 'wrap', gap: 8 }}>
              <CampaignLine c={c} />
              {c.open ? (
                <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                  {t('warranty.vehicleCampaigns.toDo', { hours: c.labourHours })}
                </Tag>
              ) : c.completedAt ? (
                <Typography.Text type="success">
                  {t('warranty.vehicleCampaigns.doneAt', {
                    time: formatDateTime(c.completedAt),
                    dealer: c.completedDealer?.name ?? t('common.none'),
                  })}
                </Typography.Text>
              ) : (
                <Tag style={{ marginInlineEnd: 0 }}>{t('warranty.vehicleCampaigns.closedUndone')}</Tag>
              )}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
