import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined, StarOutlined } from '@ant-design/icons';
import type { CustomerSegment, CustomerTier, RetentionPriority, ValueTrend } from '@servicebay/contracts';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export const SEGMENT_COLORS: Record<CustomerSegment, string> = {
  champions: 'gold',
  loyal: 'green',
  potential: 'cyan',
  new: 'blue',
  at_risk: 'volcano',
  hibernating: 'purple',
  lost: 'default',
};

/** 核心客户 / 流失风险 …, with what the segment means on hover. */
export function SegmentTag({ segment }: { segment: CustomerSegment }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`customerValue.segmentHints.${segment}`)}>
      <Tag color={SEGMENT_COLORS[segment]} style={{ marginInlineEnd: 0 }} data-testid="value-segment" data-segment={segment}>
        {t(`customerValue.segments.${segment}`)}
      </Tag>
    </Tooltip>
  );
}

const TREND_ICONS: Record<ValueTrend, React.ReactNode> = {
  rising: <ArrowUpOutlined />,
  steady: <MinusOutlined />,
  declining: <ArrowDownOutlined />,
  new: <StarOutlined />,
};
const TREND_COLORS: Record<ValueTrend, string> = { rising: 'green', steady: 'default', declining: 'red', new: 'blue' };

/** 上升 / 平稳 / 下降 / 新客户. */
export function TrendTag({ trend }: { trend: ValueTrend }) {
  const { t } = useTranslation();
  return (
    <Tag color={TREND_COLORS[trend]} icon={TREND_ICONS[trend]} style={{ marginInlineEnd: 0 }} data-testid="value-trend" data-trend={trend}>
      {t(`customerValue.trends.${trend}`)}
    </Tag>
  );
}

export const TIER_COLORS: Record<CustomerTier, string> = { vip: '#d48806', key: '#fa8c16', regular: '#1677ff', general: '#8c8c8c' };

/** VIP / 重点 / 一般 / 普通: the customer's place in the key-customer pyramid. */
export function TierTag({ tier }: { tier: CustomerTier }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`customerValue.tierHints.${tier}`)}>
      <Tag color={TIER_COLORS[tier]} style={{ marginInlineEnd: 0 }} data-testid="value-tier" data-tier={tier}>
        {t(`customerValue.tiers.${tier}`)}
      </Tag>
    </Tooltip>
  );
}

const PRIORITY_COLORS: Record<RetentionPriority, string> = { high: 'red', medium: 'orange', low: 'default' };

/** 挽留优先级 高 / 中 / 低, with the score. */
export function PriorityTag({ level, score }: { level: RetentionPriority; score: number }) {
  const { t } = useTranslation();
  return (
    <Tag color={PRIORITY_COLORS[level]} style={{ marginInlineEnd: 0 }} data-testid="value-priority" data-priority={level}>
      {t(`customerValue.priorities.${level}`)} · {score}
    </Tag>
  );
}
