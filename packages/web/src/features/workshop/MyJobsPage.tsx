import {
  CheckOutlined,
  FileSearchOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { type Finding, type FindingInput, findingInputSchema } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { type MyJob, roApi, roKeys, useMyJobs } from '../../api/repairOrders';
import { formatDateTime } from '../../components/DateText';
import { zodRule } from '../../components/form/zodRule';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { RaiseModal } from '../repair-orders/AdditionalItemsCard';
import { PromisedTime, RoStatusTag } from '../repair-orders/roText';

type Busy = { jobId: string; action: string } | null;

/** The technician's findings: words, and measurements as name / value / unit rows. */
function FindingModal({ job, open, onClose }: { job: MyJob; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FindingInput>();
  const [saving, setSaving] = useState(false);

  async function submit(values: FindingInput) {
    setSaving(true);
    try {
      await roApi.addFinding(job.repairOrderId, {
        ...values,
        lineId: values.lineId ?? null,
        measurements: (values.measurements ?? []).filter((m) => m?.name),
      });
      void message.success(t('myJobs.findingSaved'));
      await queryClient.invalidateQueries({ queryKey: roKeys.myJobs });
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('myJobs.findingTitle', { number: job.number })}
      width={720}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'finding-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        size="large"
        preserve={false}
        initialValues={{ measurements: [] }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="lineId" label={t('myJobs.findingLine')}>
          <Select
            allowClear
            placeholder={t('myJobs.wholeOrder')}
            options={job.labourLines.map((l) => ({ value: l.id, label: l.description }))}
            data-testid="finding-line"
          />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('myJobs.findingText')}
          rules={[zodRule(findingInputSchema.shape.text, { label: t('myJobs.findingText') })]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('myJobs.findingPlaceholder')} data-testid="finding-text" />
        </Form.Item>
        <Form.List name="measurements">
          {(fields, { add, remove }) => (
            <div style={{ display: 'grid', gap: 8 }}>
              <Typography.Text strong>{t('myJobs.measurements')}</Typography.Text>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, message: t('errors.codes.required') }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input placeholder={t('myJobs.measurementName')} style={{ width: 240 }} maxLength={40} data-testid="measurement-name" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'value']}
                    rules={[{ required: true, message: t('errors.codes.required') }]}
                    style={{ marginBottom: 0 }}
                  >
                    <InputNumber
                      placeholder={t('myJobs.measurementValue')}
                      min={-100_000}
                      max={100_000}
                      style={{ width: 140 }}
                      data-testid="measurement-value"
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} style={{ marginBottom: 0 }}>
                    <Input placeholder={t('myJobs.measurementUnit')} style={{ width: 100 }} maxLength={10} data-testid="measurement-unit" />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{t('myJobs.removeMeasurement')}</Button>
                </Space>
              ))}
              <div>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ name: '', unit: '' })}
                  disabled={fields.length >= 20}
                  data-testid="measurement-add"
                >
                  {t('myJobs.addMeasurement')}
                </Button>
              </div>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function FindingList({ findings, job }: { findings: Finding[]; job: MyJob }) {
  const { t } = useTranslation();
  if (findings.length === 0) return null;
  return (
    <div style={{ display: 'grid', gap: 4 }} data-testid="job-findings">
      <Typography.Text strong>{t('myJobs.findings')}</Typography.Text>
      {findings.map((f) => (
        <div key={f.id} data-testid="job-finding">
          <Typography.Text>
            {f.lineId ? `${job.labourLines.find((l) => l.id === f.lineId)?.description ?? ''}：` : ''}
            {f.text}
          </Typography.Text>
          {f.measurements.length > 0 && (
            <Typography.Text type="secondary"> · {f.measurements.map((m) => `${m.name} ${m.value}${m.unit}`).join('，')}</Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            · {formatDateTime(f.at)}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

function JobCard({
  job,
  busy,
  act,
}: {
  job: MyJob;
  busy: Busy;
  act: (job: MyJob, action: string, run: () => Promise<unknown>, done: string) => void;
}) {
  const { t } = useTranslation();
  const [finding, setFinding] = useState(false);
  const [raising, setRaising] = useState(false);
  const clockable = job.status === 'authorised' || job.status === 'in_progress';
  const working = job.status === 'in_progress';
  const allFinished = job.labourLines.every((l) => l.finishedAt);
  const isBusy = (action: string) => busy?.jobId === job.repairOrderId && busy.action === action;
  const id = job.repairOrderId;

  return (
    <Card data-testid="job-card" data-number={job.number} data-clocked-on={job.clockedOn} styles={{ body: { display: 'grid', gap: 12 } }}>
      <Space wrap size={8} style={{ justifyContent: 'space-between' }}>
        <Space wrap size={8}>
          <PlateTag plate={job.plate} />
          <Typography.Text strong>{job.number}</Typography.Text>
          {job.modelName}
          {job.bay && <Tag>{job.bay.name}</Tag>}
        </Space>
        <RoStatusTag status={job.status} />
      </Space>
      <div>“{job.concerns}”</div>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', color: '#595959' }}>
        <span>
          {t('ro.promisedAt')}: <PromisedTime promisedAt={job.promisedAt} status={job.status} />
        </span>
        <span>{t('myJobs.clocked', { hours: job.myClockedHours })}</span>
      </div>

      <div style={{ display: 'grid', gap: 8 }}>
        {job.labourLines.map((line) => {
          const onThisLine = job.clockedOn && job.clockedOnLineId === line.id;
          return (
            <div
              key={line.id}
              style={{
                display: 'flex',
                gap: 8,
                alignItems: 'center',
                flexWrap: 'wrap',
                padding: 8,
                borderRadius: 8,
                background: onThisLine ? '#e6f4ff' : '#fafafa',
              }}
              data-testid="job-line"
              data-line-id={line.id}
              data-finished={!!line.finishedAt}
            >
              <Typography.Text style={{ flex: '1 1 240px' }}>
                {t('myJobs.labourLine', { description: line.description, hours: line.hours })}
              </Typography.Text>
              {line.finishedAt ? (
                <Tag color="green" icon={<CheckOutlined />}>
                  {t('myJobs.lineFinished')}
                </Tag>
              ) : (
                <>
                  {onThisLine ? (
                    <Button
                      size="large"
                      danger
                      icon={<PauseCircleOutlined />}
                      loading={isBusy(`pause:${line.id}`)}
                      onClick={() => act(job, `pause:${line.id}`, () => roApi.clockOff(id), t('myJobs.clockedOff', { number: job.number }))}
                      data-testid="line-pause"
                    >
                      {t('myJobs.pause')}
                    </Button>
                  ) : (
                    <Button
                      size="large"
                      icon={<PlayCircleOutlined />}
                      disabled={!clockable || job.clockedOn}
                      loading={isBusy(`start:${line.id}`)}
                      onClick={() =>
                        act(job, `start:${line.id}`, () => roApi.clockOn(id, line.id), t('myJobs.clockedOn', { number: job.number }))
                      }
                      data-testid="line-start"
                    >
                      {t('myJobs.start')}
                    </Button>
                  )}
                  <Button
                    size="large"
                    type="primary"
                    icon={<CheckOutlined />}
                    disabled={!working}
                    loading={isBusy(`finish:${line.id}`)}
                    onClick={() =>
                      act(
                        job,
                        `finish:${line.id}`,
                        () => roApi.finishLine(id, line.id),
                        t('myJobs.lineFinishedDone', { description: line.description }),
                      )
                    }
                    data-testid="line-finish"
                  >
                    {t('myJobs.finish')}
                  </Button>
                </>
              )}
            </div>
          );
        })}
      </div>

      <FindingList findings={job.findings} job={job} />

      <Space wrap>
        {job.clockedOn ? (
          <Button
            size="large"
            danger
            type="primary"
            icon={<PauseCircleOutlined />}
            loading={isBusy('clock-off')}
            onClick={() => act(job, 'clock-off', () => roApi.clockOff(id), t('myJobs.clockedOff', { number: job.number }))}
            data-testid="clock-off"
          >
            {t('myJobs.clockOff')}
          </Button>
        ) : (
          <Button
            size="large"
            type="primary"
            icon={<PlayCircleOutlined />}
            disabled={!clockable}
            loading={isBusy('clock-on')}
            onClick={() => act(job, 'clock-on', () => roApi.clockOn(id), t('myJobs.clockedOn', { number: job.number }))}
            data-testid="clock-on"
          >
            {t('myJobs.clockOn')}
          </Button>
        )}
        <Button size="large" icon={<FileSearchOutlined />} onClick={() => setFinding(true)} data-testid="finding-open">
          {t('myJobs.recordFinding')}
        </Button>
        <Button
          size="large"
          icon={<ToolOutlined />}
          disabled={job.status === 'quality_check'}
          onClick={() => setRaising(true)}
          data-testid="raise-open"
        >
          {t('myJobs.raiseWork')}
        </Button>
        <Button
          size="large"
          type="primary"
          icon={<SafetyCertificateOutlined />}
          disabled={!working || !allFinished}
          title={working && !allFinished ? t('myJobs.finishLinesFirst') : undefined}
          loading={isBusy('qc')}
          onClick={() => act(job, 'qc', () => roApi.sendToQualityCheck(id), t('myJobs.sentToQc', { number: job.number }))}
          data-testid="send-to-qc"
        >
          {t('myJobs.sendToQc')}
        </Button>
      </Space>
      {working && !allFinished && <Typography.Text type="secondary">{t('myJobs.finishLinesFirst')}</Typography.Text>}
      <FindingModal job={job} open={finding} onClose={() => setFinding(false)} />
      <RaiseModal orderId={id} open={raising} onClose={() => setRaising(false)} />
    </Card>
  );
}

/** 我的派工: the technician's tablet — assigned jobs line by line: start, pause, finish; findings; additional work; hand-over to the check. */
export function MyJobsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const jobs = useMyJobs();
  const [busy, setBusy] = useState<Busy>(null);

  async function act(job: MyJob, action: string, run: () => Promise<unknown>, done: string) {
    setBusy({ jobId: job.repairOrderId, action });
    try {
      await run();
      void message.success(done);
      await queryClient.invalidateQueries({ queryKey: roKeys.myJobs });
      void queryClient.invalidateQueries({ queryKey: roKeys.detail(job.repairOrderId) });
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 1000, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="my-jobs">
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
        jobs.data.map((job) => (
          <JobCard key={job.repairOrderId} job={job} busy={busy} act={(j, action, run, done) => void act(j, action, run, done)} />
        ))
      )}
    </div>
  );
}
