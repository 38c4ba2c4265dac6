import type { NetworkKpi } from '@servicebay/contracts';
import { CSI_FACTOR_KPIS, NETWORK_KPIS } from '@servicebay/contracts/constants';
import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { DealerKpiRow, NetworkCockpit } from '../../api/networkKpis';
import { EmptyState } from '../../components/PageState';
import { compareFigures, lowerIsBetter } from './cockpit';
import { Figure } from './Figure';

/** The CSI and its factors, shown as one group of columns. */
const CSI_KPIS: readonly NetworkKpi[] = ['csiScore', ...Object.values(CSI_FACTOR_KPIS)];
const DEALER_WIDTH = 220;
const GRADE_WIDTH = 72;
const KPI_WIDTH = 132;
/** The virtual table needs its scroll width as a number: the sum of the columns. */
const TABLE_WIDTH = DEALER_WIDTH + GRADE_WIDTH + KPI_WIDTH * NETWORK_KPIS.length;
/** Height of the dealers' scrolling body: about 12 dealers; a network of 300 renders only those in view. */
const BODY_HEIGHT = 560;
// The virtual body is made of divs: the roles keep rows and cells what they are to assistive tools (and tests).
const cellRole = () => ({ role: 'cell' }) as React.HTMLAttributes<HTMLElement>;

/**
 * Dealers × the headline KPIs, virtualised (only the rows in view are rendered): every column sorts
 * (in the browser), the dealer column stays on the left while the figures scroll, the CSI and its
 * factors are grouped, and the network average and top quartile stay pinned on top.
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

  const kpiColumn = (kpi: NetworkKpi): ColumnsType<DealerKpiRow>[number] => ({
    key: kpi,
    // A plain string: it is also the sortable header's accessible name.
    title: t(`cockpit.kpis.${kpi}`),
    align: 'right',
    width: KPI_WIDTH,
    onCell: cellRole,
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
  });
  // In the KPI list's order, the CSI's columns under one header where the CSI comes.
  const kpiColumns: ColumnsType<DealerKpiRow> = NETWORK_KPIS.flatMap((kpi) =>
    kpi === 'csiScore'
      ? [{ key: 'csi', title: t('cockpit.columns.csi'), children: CSI_KPIS.map(kpiColumn) }]
      : CSI_KPIS.includes(kpi)
        ? []
        : [kpiColumn(kpi)],
  );

  const columns: ColumnsType<DealerKpiRow> = [
    {
      key: 'dealer',
      title: t('cockpit.columns.dealer'),
      fixed: 'left',
      width: DEALER_WIDTH,
      onCell: cellRole,
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
      width: GRADE_WIDTH,
      align: 'center',
      onCell: cellRole,
      sorter: (a, b) => a.grade.localeCompare(b.grade),
      sortDirections: ['ascend', 'descend'],
      render: (_, row) => <Tag>{row.grade}</Tag>,
    },
    ...kpiColumns,
  ];

  // The summary's cells follow the leaf columns' order (the CSI group's, too).
  const leafKpis = NETWORK_KPIS.flatMap((kpi) => (kpi === 'csiScore' ? CSI_KPIS : CSI_KPIS.includes(kpi) ? [] : [kpi]));

  const pinned = (key: 'networkAverage' | 'topQuartile') => (
    <Table.Summary.Row style={{ background: key === 'networkAverage' ? '#f0f5ff' : '#fffbe6' }} data-testid={`cockpit-${key}`}>
      <Table.Summary.Cell index={0}>
        <Typography.Text strong>{t(`cockpit.rows.${key}`)}</Typography.Text>
      </Table.Summary.Cell>
      <Table.Summary.Cell index={1} />
      {leafKpis.map((kpi, i) => (
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
      virtual
      scroll={{ x: TABLE_WIDTH, y: BODY_HEIGHT }}
      dataSource={cockpit.dealers}
      columns={columns}
      locale={{ emptyText: <EmptyState description={t('cockpit.empty')} /> }}
      onRow={(row) => ({ role: 'row', 'data-dealer-code': row.code }) as React.HTMLAttributes<HTMLElement>}
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
