import type { NetworkKpi } from '@servicebay/contracts';
import { Button } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { formatKpi, inTopQuartile, type Judgement, judge } from './cockpit';

export const JUDGEMENT_STYLES: Record<Judgement, CSSProperties> = {
  better: { color: '#237804', background: '#f6ffed' },
  worse: { color: '#a8071a', background: '#fff1f0' },
  even: {},
};

/** A figure in its unit with its words for reading aloud. */
export function useFigureText() {
  const { t } = useTranslation();
  const text = { none: t('common.none'), hours: t('cockpit.hoursUnit') };
  return (kpi: NetworkKpi, value: number | null | undefined) => formatKpi(kpi, value, text);
}

/**
 * One figure coloured against the network average (in the KPI's direction), starred when it is in
 * the top quartile; a button when it can be drilled into.
 */
export function Figure({
  kpi,
  value,
  average,
  topQuartile,
  label,
  onOpen,
  testId,
}: {
  kpi: NetworkKpi;
  value: number | null | undefined;
  average: number | null | undefined;
  topQuartile?: number | null | undefined;
  /** What the figure is of (the dealer or advisor), for the button's name. */
  label?: string;
  onOpen?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const format = useFigureText();
  const verdict = judge(kpi, value, average);
  const star = topQuartile !== undefined && inTopQuartile(kpi, value, topQuartile);
  const shown = format(kpi, value);
  const style: CSSProperties = { ...(verdict ? JUDGEMENT_STYLES[verdict] : {}), fontVariantNumeric: 'tabular-nums', borderRadius: 4 };
  const title = verdict ? t(`cockpit.judgement.${verdict}`) : undefined;
  const content = (
    <>
      {shown}
      {star && <span aria-hidden> ★</span>}
    </>
  );
  if (!onOpen || value === null || value === undefined)
    return (
      <span style={{ ...style, padding: '1px 6px' }} title={title} data-testid={testId} data-judgement={verdict ?? undefined}>
        {content}
      </span>
    );
  return (
    <Button
      type="text"
      size="small"
      onClick={onOpen}
      style={{ ...style, fontWeight: 500 }}
      title={title}
      aria-label={t('cockpit.drillLabel', {
        dealer: label ?? '',
        kpi: t(`cockpit.kpis.${kpi}`),
        value: shown,
        judgement: title ? t('cockpit.judgementNote', { judgement: title }) : '',
      })}
      data-testid={testId}
      data-judgement={verdict ?? undefined}
    >
      {content}
    </Button>
  );
}
