import { NETWORK_KPIS, type NetworkKpi } from '@servicebay/contracts';
import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { DealerKpiRow, NetworkCockpit } from '../../api/networkKpis';
import { EmptyState } from '../../components/PageState';
import { compareFigures, lowerIsBetter } from './cockpit';
import { Figure } from './Figure';

/**
 * Dealers × the headline KPIs: every column sorts (in the browser), the dealer column stays on the
 * left while the figures scroll, and the network average and top quartile stay pinned on top.
 */
export function CockpitTable({
  cockpit,
  loading,
  onOpen,
}: {
  cockpit: NetworkCockpit;
  loading: boolean;
  onOpen: (dealerId: string, kpi: NetworkKpi) => void;
}) {
  const { t } = useTranslation();

  const kpiColumns: ColumnsType<DealerKpiRow> = NETWORK_KPIS.map((kpi) => ({
    key: kpi,
    // A plain string: it is also the sortable header's accessible name.
    title: t(`cockpit.kpis.${kpi}`),
    align: 'right',
    width: 132,
    showSorterTooltip: {
      title: `${t(`cockpit.formulas.${kpi}`)}${lowerIsBetter(kpi) ? ` · ${t('cockpit.legend.lowerIsBetter')}` : ''}`,
    },
    sorter: (a, b, order) => compareFigures(a.values[kpi], b.values[kpi], order),
    sortDirections: ['ascend', 'descend'],
    render: (_, row) => (
      <Figure
        kpi={kpi}
        value={row.values[kpi]}
        average={cockpit.networkAverage[kpi]}
        topQuartile={cockpit.topQuartile[kpi]}
        label={row.name}
        onOpen={() => onOpen(row.dealerId, kpi)}
        testId={`cockpit-cell-${kpi}`}
      />
    ),
  }));

  const columns: ColumnsType<DealerKpiRow> = [
    {
      key: 'dealer',
      title: t('cockpit.columns.dealer'),
      fixed: 'left',
      width: 220,
      sorter: (a, b) => a.code.localeCompare(b.code),
      sortDirections: ['ascend', 'descend'],
      render: (_, row) => (
        <div style={{ display: 'grid', lineHeight: 1.3 }}>
          <Typography.Text strong>{row.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[row.code, row.region, row.city].filter(Boolean).join(' · ')}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'grade',
      title: t('cockpit.columns.grade'),
      width: 72,
      align: 'center',
      sorter: (a, b) => a.grade.localeCompare(b.grade),
      sortDirections: ['ascend', 'descend'],
      render: (_, row) => <Tag>{row.grade}</Tag>,
    },
    ...kpiColumns,
  ];

  const pinned = (key: 'networkAverage' | 'topQuartile') => (
    <Table.Summary.Row style={{ background: key === 'networkAverage' ? '#f0f5ff' : '#fffbe6' }} data-testid={`cockpit-${key}`}>
      <Table.Summary.Cell index={0}>
        <Typography.Text strong>{t(`cockpit.rows.${key}`)}</Typography.Text>
      </Table.Summary.Cell>
      <Table.Summary.Cell index={1} />
      {NETWORK_KPIS.map((kpi, i) => (
        <Table.Summary.Cell key={kpi} index={2 + i} align="right">
          {/* The benchmarks themselves are not judged. */}
          <Figure kpi={kpi} value={cockpit[key][kpi]} average={null} />
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );

  return (
    <Table<DealerKpiRow>
      rowKey="dealerId"
      size="small"
      bordered
      loading={loading}
      pagination={false}
      sticky={{ offsetHeader: 64 }}
      scroll={{ x: 'max-content' }}
      dataSource={cockpit.dealers}
      columns={columns}
      locale={{ emptyText: <EmptyState description={t('cockpit.empty')} /> }}
      onRow={(row) => ({ 'data-dealer-code': row.code }) as React.HTMLAttributes<HTMLElement>}
      summary={() => (
        <Table.Summary fixed="top">
          {pinned('networkAverage')}
          {pinned('topQuartile')}
        </Table.Summary>
      )}
      data-testid="cockpit-table"
    />
  );
}
