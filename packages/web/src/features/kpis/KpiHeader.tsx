import { Card, DatePicker, Segmented, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { dealerDate } from '../../components/dealerTime';
import { KpiNav } from './KpiNav';

export type KpiRange = [Dayjs, Dayjs];
type Preset = { label: string; value: KpiRange };

/** The ranges most KPI pages offer, in the dealer's days. */
export function standardPresets(t: TFunction): Preset[] {
  return [
    { label: t('kpi.last7'), value: [dayjs(dealerDate(-6)), dayjs(dealerDate(0))] },
    { label: t('kpi.last30'), value: [dayjs(dealerDate(-29)), dayjs(dealerDate(0))] },
    { label: t('kpi.thisMonth'), value: [dayjs(dealerDate(0)).startOf('month'), dayjs(dealerDate(0))] },
    { label: t('kpi.lastQuarter'), value: [dayjs(dealerDate(-90)), dayjs(dealerDate(0))] },
  ];
}

/**
 * A KPI page's title, the switch between KPI pages, and its filters: a date range, a grouping (when
 * the page groups) and any filters of its own (`extra`).
 */
export function KpiHeader<G extends string>(props: {
  title: ReactNode;
  range: KpiRange;
  onRange: (range: KpiRange) => void;
  presets: Preset[];
  groupBy?: G;
  onGroupBy?: (groupBy: G) => void;
  groupOptions?: { value: G; label: string }[];
  extra?: ReactNode;
}) {
  return (
    <>
      <Space wrap size={16} style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
        <KpiNav />
      </Space>
      <Card styles={{ body: { padding: 12 } }}>
        <Space wrap>
          <DatePicker.RangePicker
            value={props.range}
            allowClear={false}
            inputReadOnly
            onChange={(next) => next?.[0] && next[1] && props.onRange([next[0], next[1]])}
            presets={props.presets}
            data-testid="kpi-range"
          />
          {props.groupBy !== undefined && props.onGroupBy && props.groupOptions && (
            <Segmented<G> value={props.groupBy} onChange={props.onGroupBy} options={props.groupOptions} data-testid="kpi-group" />
          )}
          {props.extra}
        </Space>
      </Card>
    </>
  );
}
