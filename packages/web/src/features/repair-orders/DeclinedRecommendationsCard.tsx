import { WarningOutlined } from '@ant-design/icons';
import { Card, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type DeclinedRecommendation, useDeclinedRecommendations } from '../../api/repairOrders';
import { formatDate } from '../../components/DateText';
import { dealerDateOf } from '../../components/dealerTime';
import { formatFen } from '../../components/money';
import { EmptyState, ErrorState } from '../../components/PageState';
import { PayTypeTag } from './roText';

/** Safety items first; otherwise the newest decline first (the server's order). */
export function sortDeclined(items: readonly DeclinedRecommendation[]): DeclinedRecommendation[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => Number(b.item.safety) - Number(a.item.safety) || a.i - b.i)
    .map(({ item }) => item);
}

function Item({ item }: { item: DeclinedRecommendation }) {
  const { t } = useTranslation();
  const declinedOn = formatDate(dealerDateOf(item.decidedAt ?? item.createdAt));
  return (
    <div
      data-testid="declined-item"
      data-safety={item.safety}
      style={{
        display: 'grid',
        gap: 4,
        padding: '10px 12px',
        borderRadius: 8,
        border: `1px solid ${item.safety ? '#ffa39e' : 'rgba(5,5,5,0.06)'}`,
        borderInlineStart: `4px solid ${item.safety ? '#cf1322' : '#d9d9d9'}`,
        background: item.safety ? '#fff1f0' : undefined,
      }}
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap', justifyContent: 'space-between' }}>
        <Space size={6} wrap>
          {item.safety && (
            <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
              {t('additional.safetyTag')}
            </Tag>
          )}
          <Typography.Text strong style={{ color: item.safety ? '#cf1322' : undefined }}>
            {item.description}
          </Typography.Text>
        </Space>
        <Space size={6}>
          <Typography.Text strong data-testid="declined-price">
            {formatFen(item.amount.netFen)}
          </Typography.Text>
          <PayTypeTag payType={item.payType} />
        </Space>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {item.reason}
      </Typography.Text>
      {item.safety && (
        <Typography.Text type="danger" strong data-testid="declined-hazard">
          <WarningOutlined /> {item.hazardWording ?? t('additional.hazardWording')}
          {item.customerSigned && (
            <Tag color="default" style={{ marginInlineStart: 8 }}>
              {t('declined.customerSigned')}
            </Tag>
          )}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('declined.declinedOn', { date: declinedOn })}
        {item.decidedVia && ` · ${t(`additional.via.${item.decidedVia}`)}`}
        {' · '}
        <Link to={`/repair-orders/${item.repairOrderId}`}>{t('declined.onOrder', { number: item.repairOrderNumber })}</Link>
      </Typography.Text>
    </div>
  );
}

/** 历史拒修项目: what the customer declined on earlier orders, for the advisor to offer again at this visit. */
export function DeclinedRecommendationsCard({ vehicleId }: { vehicleId: string }) {
  const { t } = useTranslation();
  const declined = useDeclinedRecommendations(vehicleId);
  const items = sortDeclined(declined.data ?? []);
  const safety = items.filter((i) => i.safety).length;
  return (
    <Card
      title={t('declined.title')}
      data-testid="declined-recommendations"
      extra={
        items.length > 0 && (
          <Space size={6}>
            <Tag>{t('declined.count', { count: items.length })}</Tag>
            {safety > 0 && (
              <Tag color="error" icon={<WarningOutlined />}>
                {t('declined.safetyCount', { count: safety })}
              </Tag>
            )}
          </Space>
        )
      }
    >
      {declined.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : declined.isError ? (
        <ErrorState error={declined.error} onRetry={() => void declined.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState description={t('declined.empty')} />
      ) : (
        <div style={{ display: 'grid', gap: 8 }}>
          <Typography.Text type="secondary">{t('declined.hint')}</Typography.Text>
          {items.map((item) => (
            <Item key={item.id} item={item} />
          ))}
        </div>
      )}
    </Card>
  );
}
