import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MileageReading } from '../../api/vehicles';

/** Readings newest first: date, km, source, who recorded it, odometer replacement. */
export function MileageTable({ readings, loading, pageSize = 10 }: { readings: MileageReading[]; loading?: boolean; pageSize?: number }) {
  const { t } = useTranslation();
  const sorted = [...readings].sort((a, b) => b.readOn.localeCompare(a.readOn));
  return (
    <Table<MileageReading>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={sorted}
      pagination={sorted.length > pageSize ? { pageSize, showSizeChanger: false } : false}
      scroll={{ x: 480 }}
      locale={{ emptyText: t('mileage.none') }}
      columns={[
        { key: 'readOn', title: t('mileage.readOn'), dataIndex: 'readOn', width: 120 },
        {
          key: 'km',
          title: t('mileage.km'),
          dataIndex: 'km',
          align: 'right',
          render: (km: number, r) => (
            <span style={{ fontVariantNumeric: 'tabular-nums' }}>
              {km.toLocaleString()}
              {r.odometerReplaced && (
                <Tag color="orange" style={{ marginInlineStart: 8, marginInlineEnd: 0 }}>
                  {t('mileage.odometerReplacedTag')}
                </Tag>
              )}
            </span>
          ),
        },
        {
          key: 'source',
          title: t('mileage.source'),
          dataIndex: 'source',
          render: (s: MileageReading['source']) => t(`mileage.sources.${s}`),
        },
        {
          key: 'where',
          title: t('mileage.where'),
          dataIndex: 'recordedHere',
          render: (here: boolean) =>
            here ? <Tag color="blue">{t('mileage.recordedHere')}</Tag> : <Tag>{t('mileage.recordedElsewhere')}</Tag>,
        },
      ]}
    />
  );
}
