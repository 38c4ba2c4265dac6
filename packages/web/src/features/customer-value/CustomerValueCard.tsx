import { QuestionCircleOutlined } from '@ant-design/icons';
import { Card, Descriptions, Empty, Skeleton, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type CustomerValue, useCustomerValue } from '../../api/customerValue';
import { errorMessage } from '../../api/problems';
import { useCan, useUser } from '../../app/session';
import { formatDate } from '../../components/DateText';
import { formatFen } from '../../components/money';
import { PriorityTag, SegmentTag, TierTag, TrendTag } from './ValueTags';

const percent = (share: number) => Math.round(share * 1000) / 10;

/** One dealer's figures: segment, lifetime value with its inputs, RFM with what each score read, trend. */
function ValueFigures({ value, showDealer }: { value: CustomerValue; showDealer: boolean }) {
  const { t } = useTranslation();
  const v = value;
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="customer-value" data-dealer-id={v.dealer.id}>
      <Space wrap size={8} align="center">
        {showDealer && <Typography.Text strong>{v.dealer.name}</Typography.Text>}
        <TierTag tier={v.tier} />
        <SegmentTag segment={v.segment} />
        <TrendTag trend={v.trend} />
        <Typography.Text type="secondary">{t('customerValue.computedOn', { date: formatDate(v.computedOn) })}</Typography.Text>
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} colon={false}>
        <Descriptions.Item
          label={
            <Tooltip
              title={t('customerValue.lifetimeValueHint', {
                years: v.inputs.horizonYears,
                margin: percent(v.inputs.marginShare),
                retention: percent(v.inputs.retention),
                rate: percent(v.inputs.discountRate),
              })}
            >
              <span>
                {t('customerValue.lifetimeValue')} <QuestionCircleOutlined />
              </span>
            </Tooltip>
          }
        >
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="customer-value-ltv">
            {formatFen(v.lifetimeValueFen)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item
          label={
            <Tooltip
              title={t('customerValue.rfmHint', {
                days: v.recencyDays,
                visits: v.visitsPerYear,
                revenue: formatFen(v.revenueFen),
                window: v.inputs.windowMonths,
              })}
            >
              <span>
                {t('customerValue.rfm')} <QuestionCircleOutlined />
              </span>
            </Tooltip>
          }
        >
          <span className="sb-mono" data-testid="customer-value-rfm">
            {t('customerValue.rfmValue', v.scores)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('customerValue.lastVisit')}>
          {formatDate(v.lastVisitOn)} · {t('customerValue.daysAgo', { days: v.recencyDays })}
        </Descriptions.Item>
        <Descriptions.Item label={t('customerValue.visitsPerYear')}>
          {t('customerValue.visitsPerYearValue', { count: v.visitsPerYear })}
        </Descriptions.Item>
        <Descriptions.Item label={t('customerValue.revenue', { months: v.inputs.windowMonths })}>
          {formatFen(v.revenueFen)}
        </Descriptions.Item>
        <Descriptions.Item label={t('customerValue.revenuePerVehicle')}>{formatFen(v.revenuePerVehicleFen)}</Descriptions.Item>
        <Descriptions.Item
          label={
            <Tooltip title={t('customerValue.priorityHint')}>
              <span>
                {t('customerValue.priority')} <QuestionCircleOutlined />
              </span>
            </Tooltip>
          }
          span={2}
        >
          <Space wrap size={8} data-testid="customer-value-priority">
            <PriorityTag level={v.retention.level} score={v.retention.priority} />
            <Typography.Text type="secondary">
              {t('customerValue.priorityParts', {
                m: v.scores.m,
                loyalty: v.retention.loyalty,
                tenure: v.retention.tenure,
                f: v.scores.f,
                r: v.scores.r,
              })}
              {' · '}
              {v.retention.satisfaction === null
                ? t('customerValue.satisfactionUnknown')
                : t('customerValue.satisfactionValue', { score: v.retention.satisfaction })}
              {v.retention.latestCsi !== null && ` · ${t('customerValue.latestCsi', { csi: v.retention.latestCsi })}`}
              {v.retention.complaints12m > 0 && ` · ${t('customerValue.complaints12m', { count: v.retention.complaints12m })}`}
              {v.retention.openComplaints > 0 && ` · ${t('customerValue.openComplaints', { count: v.retention.openComplaints })}`}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('customerValue.trend')} span={2}>
          {t('customerValue.trendDetail', {
            recentVisits: v.recent.visits,
            recent: formatFen(v.recent.revenueFen),
            priorVisits: v.prior.visits,
            prior: formatFen(v.prior.revenueFen),
          })}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

/** 客户价值 on the 360 page: the customer's value at the dealer (the car maker: at each dealer). */
export function CustomerValueCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const canRead = useCan('customer_value.read');
  const isNetwork = !useUser().dealer;
  const value = useCustomerValue(customerId, canRead);
  if (!canRead) return null;
  return (
    <Card title={t('customerValue.cardTitle')} data-testid="customer-value-card">
      {value.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : value.isError ? (
        <Typography.Text type="danger">{errorMessage(value.error)}</Typography.Text>
      ) : value.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customerValue.notComputed')} />
      ) : (
        <div style={{ display: 'grid', gap: 16 }}>
          {value.data.items.map((v) => (
            <ValueFigures key={v.dealer.id} value={v} showDealer={isNetwork} />
          ))}
        </div>
      )}
    </Card>
  );
}
