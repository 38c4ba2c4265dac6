import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined, StarOutlined } from '@ant-design/icons';
import type { CustomerSegment, ValueTrend } from '@servicebay/contracts';
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
