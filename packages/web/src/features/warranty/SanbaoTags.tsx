import type { SanbaoDecision } from '@servicebay/contracts';
import { isSanbaoEvent } from '@servicebay/contracts/constants';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SanbaoFlag } from '../../api/warranty';
import { LEVEL_TAG_COLORS } from './sanbao';

export const DECISION_COLORS: Record<SanbaoDecision, string> = { continue_repair: 'blue', replacement: 'volcano', return: 'red' };

/** 累计修理天数 32/35, orange when near, red when reached. */
export function SanbaoFlagTag({ flag }: { flag: SanbaoFlag }) {
  const { t } = useTranslation();
  const text = isSanbaoEvent(flag.threshold)
    ? t(`warranty.sanbao.thresholds.${flag.threshold}`)
    : t('warranty.sanbao.flagValue', { label: t(`warranty.sanbao.thresholds.${flag.threshold}`), value: flag.value, limit: flag.limit });
  return (
    <Tag
      color={LEVEL_TAG_COLORS[flag.level]}
      style={{ marginInlineEnd: 0 }}
      title={t(`warranty.sanbao.levels.${flag.level}`)}
      data-testid="sanbao-flag"
      data-threshold={flag.threshold}
      data-level={flag.level}
    >
      {text}
    </Tag>
  );
}

/** 继续维修 / 换车 / 退车, or 待处理 while the case is open. */
export function SanbaoDecisionTag({ decision }: { decision: SanbaoDecision | null }) {
  const { t } = useTranslation();
  if (!decision)
    return (
      <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid="sanbao-decision" data-decision="">
        {t('warranty.sanbao.undecided')}
      </Tag>
    );
  return (
    <Tag color={DECISION_COLORS[decision]} style={{ marginInlineEnd: 0 }} data-testid="sanbao-decision" data-decision={decision}>
      {t(`warranty.sanbao.decisions.${decision}`)}
    </Tag>
  );
}
