import { ArrowLeftOutlined, CheckCircleOutlined, CloseCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { CHECK_RESULTS, type CheckResult } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Radio, Result, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/problems';
import { processCheckKeys, processChecksApi, type SpotCheck, useSpotCheck } from '../../api/processChecks';
import { formatDateTime } from '../../components/DateText';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PhotoUpload, Thumbnails } from '../../components/PhotoUpload';
import { PlateTag } from '../../components/PlateTag';
import { ItemLabel } from './ItemLabel';

type Answer = { result: CheckResult | null; note: string; photos: string[] };

const RESULT_ICONS = { pass: <CheckCircleOutlined />, fail: <CloseCircleOutlined />, na: <MinusCircleOutlined /> } as const;

/** What the submission did, in the server's words: the failed count and whom the coaching went to. */
function Outcome({ check }: { check: SpotCheck }) {
  const { t } = useTranslation();
  const failed = check.failedCount;
  return (
    <Result
      status={failed > 0 ? 'warning' : 'success'}
      title={t('processChecks.form.submittedTitle')}
      subTitle={
        failed === 0
          ? t('processChecks.form.submittedPass')
          : check.coachingTask
            ? t('processChecks.form.submittedFail', { failed, assignee: check.coachingTask.assignee.name })
            : t('processChecks.form.submittedFailNoOne', { failed })
      }
      extra={
        <Link to="/process-checks">
          <Button size="large" type="primary">
            {t('processChecks.form.back')}
          </Button>
        </Link>
      }
      data-testid="spot-check-outcome"
    />
  );
}

function AutoItems({ check }: { check: SpotCheck }) {
  const { t } = useTranslation();
  return (
    <Card title={t('processChecks.form.autoTitle')} size="small">
      <Space wrap>
        {check.visit.items.map((i) => (
          <Tag
            key={i.code}
            color={i.met === null ? 'default' : i.met ? 'success' : 'error'}
            data-testid="auto-item"
            data-met={String(i.met)}
          >
            <ItemLabel code={i.code} label={null} /> · {t(`processChecks.form.met.${String(i.met) as 'true' | 'false' | 'null'}`)}
          </Tag>
        ))}
      </Space>
    </Card>
  );
}

function ManualItem({
  item,
  answer,
  onChange,
  readOnly,
}: {
  item: SpotCheck['items'][number];
  answer: Answer;
  onChange: (a: Answer) => void;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid="manual-item" data-code={item.code}>
      <div style={{ display: 'grid', gap: 12 }}>
        <Space wrap size={8}>
          <Tag>{t(`processChecks.steps.${item.step}`)}</Tag>
          <Typography.Text strong style={{ fontSize: 16 }}>
            <ItemLabel code={item.code} label={item.label} />
          </Typography.Text>
        </Space>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          size="large"
          disabled={readOnly}
          value={answer.result}
          onChange={(e) => onChange({ ...answer, result: e.target.value as CheckResult })}
          options={CHECK_RESULTS.map((r) => ({
            value: r,
            label: (
              <span data-testid={`result-${r}`} style={{ display: 'inline-flex', gap: 6, minWidth: 88, justifyContent: 'center' }}>
                {RESULT_ICONS[r]} {t(`processChecks.form.results.${r}`)}
              </span>
            ),
          }))}
          style={{ display: 'flex', flexWrap: 'wrap' }}
        />
        {readOnly ? (
          <>
            {answer.note && <Typography.Text>{answer.note}</Typography.Text>}
            <Thumbnails keys={answer.photos} />
          </>
        ) : (
          answer.result !== null &&
          answer.result !== 'pass' && (
            <>
              <Input.TextArea
                value={answer.note}
                onChange={(e) => onChange({ ...answer, note: e.target.value })}
                placeholder={t('processChecks.form.notePlaceholder')}
                aria-label={t('processChecks.form.note')}
                autoSize={{ minRows: 2, maxRows: 4 }}
                maxLength={500}
                status={answer.result === 'fail' && !answer.note.trim() ? 'warning' : undefined}
                data-testid="item-note"
              />
              <PhotoUpload value={answer.photos} onChange={(photos) => onChange({ ...answer, photos })} max={1} testId="item-photo" />
            </>
          )
        )}
      </div>
    </Card>
  );
}

function SpotCheckForm({ check }: { check: SpotCheck }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const readOnly = check.status === 'submitted';
  const [answers, setAnswers] = useState<Record<string, Answer>>(() =>
    Object.fromEntries(check.items.map((i) => [i.code, { result: i.result, note: i.note ?? '', photos: i.photoKey ? [i.photoKey] : [] }])),
  );
  const [done, setDone] = useState<SpotCheck | null>(readOnly ? check : null);
  const unanswered = check.items.filter((i) => answers[i.code]?.result === null).length;
  const failed = check.items.filter((i) => answers[i.code]?.result === 'fail').length;
  const missingNote = check.items.some((i) => answers[i.code]?.result === 'fail' && !answers[i.code]!.note.trim());

  function submit() {
    modal.confirm({
      title: t('processChecks.form.confirmTitle'),
      content: t('processChecks.form.confirmBody', { total: check.items.length, failed }),
      okText: t('processChecks.form.confirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { size: 'large' },
      cancelButtonProps: { size: 'large' },
      onOk: async () => {
        try {
          const results = check.items.map((i) => {
            const a = answers[i.code]!;
            return { code: i.code, result: a.result!, note: a.note.trim() || null, photoKey: a.photos[0] ?? null };
          });
          const submitted = await processChecksApi.submit(check.id, { results });
          queryClient.setQueryData(processCheckKeys.spotCheck(check.id), submitted);
          await queryClient.invalidateQueries({ queryKey: processCheckKeys.all });
          await queryClient.invalidateQueries({ queryKey: ['tasks'] });
          setDone(submitted);
        } catch (error) {
          message.error(errorMessage(error));
        }
      },
    });
  }

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      {done && <Outcome check={done} />}
      <AutoItems check={check} />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('processChecks.form.manualTitle')}
      </Typography.Title>
      {check.items.map((item) => (
        <ManualItem
          key={item.code}
          item={item}
          readOnly={!!done}
          answer={answers[item.code]!}
          onChange={(a) => setAnswers((all) => ({ ...all, [item.code]: a }))}
        />
      ))}
      {!done && (
        <div style={{ display: 'grid', gap: 8 }}>
          {unanswered > 0 && <Alert type="info" showIcon message={t('processChecks.form.unanswered', { count: unanswered })} />}
          {missingNote && <Alert type="warning" showIcon message={t('processChecks.form.note')} />}
          <Button
            type="primary"
            size="large"
            block
            style={{ height: 56, fontSize: 18 }}
            disabled={unanswered > 0 || missingNote}
            onClick={submit}
            data-testid="spot-check-submit"
          >
            {t('processChecks.form.submit')}
          </Button>
        </div>
      )}
    </div>
  );
}

/** The spot-check form on a tablet: the record's own judgement, then each item to check in person. */
export function SpotCheckPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const check = useSpotCheck(id);
  if (check.isPending) return <PageSkeleton cards={2} />;
  if (check.isError) return <ErrorState error={check.error} onRetry={() => void check.refetch()} />;
  const visit = check.data.visit;
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)', maxWidth: 900 }} data-testid="spot-check-page">
      <Space wrap size={12} align="center">
        <Link to="/process-checks">
          <Button size="large" icon={<ArrowLeftOutlined />} aria-label={t('processChecks.form.back')} />
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('processChecks.form.title')}
        </Typography.Title>
        <PlateTag plate={visit.plate} />
        <Typography.Text type="secondary">
          {t('processChecks.form.visit', { sa: visit.sa?.name ?? '—', time: formatDateTime(visit.arrivedAt) })}
        </Typography.Text>
      </Space>
      <SpotCheckForm key={check.data.status} check={check.data} />
    </div>
  );
}
