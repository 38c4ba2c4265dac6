import { CarOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type PickupJob, pickupApi, useMyPickups } from '../../api/pickup';
import { errorMessage } from '../../api/problems';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { STATUS_COLORS, windowText } from './pickupText';

/** 我的取送车: the driver's jobs from today on; opening one makes a fresh link to its page. */
export function MyPickupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const jobs = useMyPickups();
  const [opening, setOpening] = useState<string | null>(null);

  async function open(job: PickupJob) {
    setOpening(job.id);
    try {
      const { url } = await pickupApi.driverLink(job.id);
      navigate(new URL(url).pathname);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setOpening(null);
    }
  }

  if (jobs.isPending) return <PageSkeleton />;
  if (jobs.isError) return <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />;
  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 640 }} data-testid="my-pickups">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pickup.mine')}
      </Typography.Title>
      {jobs.data.length === 0 ? (
        <EmptyState description={t('pickup.mineEmpty')} />
      ) : (
        <List
          dataSource={jobs.data}
          renderItem={(job) => (
            <Card size="small" style={{ marginBottom: 12 }} data-testid="my-pickup">
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <strong>
                    {dayjs(job.windowStart).format('MM-DD')} {windowText(job)}
                  </strong>
                  <Tag>{t(`pickup.kinds.${job.kind}`)}</Tag>
                  <Tag color={STATUS_COLORS[job.status]}>{t(`pickup.statuses.${job.status}`)}</Tag>
                </Space>
                <Space wrap>
                  {job.customer.name}
                  {job.vehicle.plate && <PlateTag plate={job.vehicle.plate} />}
                </Space>
                <Typography.Text>{job.address}</Typography.Text>
                <Button
                  type="primary"
                  block
                  size="large"
                  icon={<CarOutlined />}
                  loading={opening === job.id}
                  onClick={() => void open(job)}
                >
                  {t('pickup.openJob')}
                </Button>
              </Space>
            </Card>
          )}
        />
      )}
    </div>
  );
}
