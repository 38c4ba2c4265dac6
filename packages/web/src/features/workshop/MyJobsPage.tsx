import { PauseCircleOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/problems';
import { roApi, roKeys, useMyJobs, type MyJob } from '../../api/repairOrders';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { PromisedTime, RoStatusTag } from '../repair-orders/roText';

function JobCard({ job, busy, onClock }: { job: MyJob; busy: boolean; onClock: (job: MyJob, on: boolean) => void }) {
  const { t } = useTranslation();
  const clockable = job.status === 'authorised' || job.status === 'in_progress';
  return (
    <Card data-testid="job-card" data-number={job.number} data-clocked-on={job.clockedOn} styles={{ body: { display: 'grid', gap: 10 } }}>
      <Space wrap size={8} style={{ justifyContent: 'space-between' }}>
        <Space wrap size={8}>
          <PlateTag plate={job.plate} />
          <Typography.Text strong>{job.number}</Typography.Text>
        </Space>
        <RoStatusTag status={job.status} />
      </Space>
      <div>
        {job.modelName}
        {job.bay && <Tag style={{ marginInlineStart: 8 }}>{job.bay.name}</Tag>}
      </div>
      <div>“{job.concerns}”</div>
      {job.labourLines.length > 0 && (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {job.labourLines.map((l) => (
            <li key={l.id}>{t('myJobs.labourLine', { description: l.description, hours: l.hours })}</li>
          ))}
        </ul>
      )}
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', color: '#595959' }}>
        <span>
          {t('ro.promisedAt')}: <PromisedTime promisedAt={job.promisedAt} status={job.status} />
        </span>
        <span>{t('myJobs.clocked', { hours: job.myClockedHours })}</span>
      </div>
      {job.clockedOn ? (
        <Button block danger type="primary" size="large" icon={<PauseCircleOutlined />} loading={busy} onClick={() => onClock(job, false)} style={{ height: 64, fontSize: 20 }} data-testid="clock-off">
          {t('myJobs.clockOff')}
        </Button>
      ) : (
        <Button block type="primary" size="large" icon={<PlayCircleOutlined />} loading={busy} disabled={!clockable} onClick={() => onClock(job, true)} style={{ height: 64, fontSize: 20 }} data-testid="clock-on">
          {t('myJobs.clockOn')}
        </Button>
      )}
    </Card>
  );
}

/** 我的派工: the technician's phone page — assigned jobs with big clock-on / clock-off buttons. */
export function MyJobsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const jobs = useMyJobs();
  const [busy, setBusy] = useState<string | null>(null);

  async function clock(job: MyJob, on: boolean) {
    setBusy(job.repairOrderId);
    try {
      if (on) await roApi.clockOn(job.repairOrderId);
      else await roApi.clockOff(job.repairOrderId);
      void message.success(on ? t('myJobs.clockedOn', { number: job.number }) : t('myJobs.clockedOff', { number: job.number }));
      await queryClient.invalidateQueries({ queryKey: roKeys.myJobs });
      void queryClient.invalidateQueries({ queryKey: roKeys.detail(job.repairOrderId) });
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 640, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="my-jobs">
      <Space style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('myJobs.title')}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} loading={jobs.isFetching} onClick={() => void jobs.refetch()} aria-label={t('common.reload')} />
      </Space>
      {jobs.isPending ? (
        <PageSkeleton cards={2} />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : jobs.data.length === 0 ? (
        <Empty description={t('myJobs.empty')} />
      ) : (
        jobs.data.map((job) => <JobCard key={job.repairOrderId} job={job} busy={busy === job.repairOrderId} onClock={(j, on) => void clock(j, on)} />)
      )}
    </div>
  );
}
