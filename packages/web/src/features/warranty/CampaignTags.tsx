import type { CampaignKind } from '@servicebay/contracts';
import { Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/DateText';
import { percentOf } from './reports';

export const CAMPAIGN_KIND_COLORS: Record<CampaignKind, string> = { recall: 'red', service: 'blue' };

/** 召回 (red) or 服务活动 (blue). */
export function CampaignKindTag({ kind }: { kind: CampaignKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={CAMPAIGN_KIND_COLORS[kind]} data-kind={kind} style={{ marginInlineEnd: 0 }}>
      {t(`warranty.campaignKinds.${kind}`)}
    </Tag>
  );
}

/** 进行中 / 已结束. */
export function CampaignStateTag({ open }: { open: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={open ? 'green' : 'default'} data-open={open} style={{ marginInlineEnd: 0 }}>
      {open ? t('warranty.campaigns.open') : t('warranty.campaigns.closed')}
    </Tag>
  );
}

/** 2025-03-01 – 2025-12-31, or 2025-03-01 起（长期）. */
export function Validity({ from, to }: { from: string; to: string | null }) {
  const { t } = useTranslation();
  return (
    <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {to
        ? t('warranty.campaigns.validRange', { from: formatDate(from), to: formatDate(to) })
        : t('warranty.campaigns.validFrom', { from: formatDate(from) })}
    </span>
  );
}

/** The completion rate as a bar with its figure (none: no car to do). */
export function CompletionBar({ rate, testId }: { rate: number | null; testId?: string }) {
  const { t } = useTranslation();
  const percent = percentOf(rate);
  if (percent === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Progress
      percent={percent}
      size="small"
      status={percent >= 100 ? 'success' : 'normal'}
      format={(p) => `${(p ?? 0).toFixed(1)}%`}
      style={{ minWidth: 120, marginBottom: 0 }}
      aria-label={t('warranty.campaigns.completionRate')}
      data-testid={testId}
    />
  );
}
