import { AuditOutlined, WarningFilled } from '@ant-design/icons';
import { isSanbaoEvent, SANBAO_DECISIONS } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Progress, Radio, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm } from '../../api/problems';
import {
  isHidden,
  type SanbaoDecision,
  type SanbaoStanding,
  useSanbao,
  useWarrantySettings,
  warrantyApi,
  warrantyKeys,
} from '../../api/warranty';
import { useCan } from '../../app/session';
import { formatDate, formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { ErrorState } from '../../components/PageState';
import { SanbaoDecisionTag } from './SanbaoTags';
import { LEVEL_COLORS, type SanbaoMeter, sanbaoMeters, worstLevel } from './sanbao';

type DecisionValues = { decision?: SanbaoDecision; note?: string };

/** 记录三包处理决定: continue repairing, replace the car, or take it back, with the reasons. */
function DecisionModal({ vehicleId, onClose }: { vehicleId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<DecisionValues>();
  const [saving, setSaving] = useState(false);
  const decision = Form.useWatch('decision', form);

  async function submit(values: DecisionValues) {
    const input = { decision: values.decision ?? 'continue_repair', note: values.note?.trim() ?? '' };
    setSaving(true);
    try {
      const standing = await warrantyApi.decideSanbao(vehicleId, input, idempotency.keyFor(input));
      idempotency.reset();
      queryClient.setQueryData(warrantyKeys.sanbao(vehicleId), standing);
      void queryClient.invalidateQueries({ queryKey: ['warranty', 'sanbao', 'watch'] });
      void message.success(t('warranty.sanbao.decided', { decision: t(`warranty.sanbao.decisions.${input.decision}`) }));
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      width={560}
      title={t('warranty.sanbao.decideTitle')}
      okText={t('warranty.sanbao.decideOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, danger: decision === 'replacement' || decision === 'return', 'data-testid': 'sanbao-decide-ok' }}
      onOk={() => form.submit()}
      onCancel={() => !saving && onClose()}
      maskClosable={false}
      data-testid="sanbao-decide-modal"
    >
      <Form<DecisionValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="decision"
          label={t('warranty.sanbao.decision')}
          rules={[{ required: true, message: t('warranty.sanbao.decisionRequired') }]}
        >
          <Radio.Group style={{ display: 'grid', gap: 8 }} data-testid="sanbao-decision-choice">
            {SANBAO_DECISIONS.map((d) => (
              <Radio key={d} value={d} data-testid={`sanbao-decision-${d}`}>
                <Typography.Text strong>{t(`warranty.sanbao.decisions.${d}`)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`warranty.sanbao.decisionHints.${d}`)}
                </Typography.Text>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {(decision === 'replacement' || decision === 'return') && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('warranty.sanbao.decideWarning')} />
        )}
        <Form.Item
          name="note"
          label={t('warranty.sanbao.note')}
          rules={[
            { required: true, whitespace: true, message: t('form.required', { label: t('warranty.sanbao.note') }) },
            { max: 1000, message: t('form.tooLong', { max: 1000 }) },
          ]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={1000}
            showCount
            placeholder={t('warranty.sanbao.notePlaceholder')}
            data-testid="sanbao-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One threshold: its name, value / limit, and a bar orange when near, red when reached. */
function MeterRow({ meter, standing }: { meter: SanbaoMeter; standing: SanbaoStanding }) {
  const { t } = useTranslation();
  const label = t(`warranty.sanbao.thresholds.${meter.threshold}`);
  const color = LEVEL_COLORS[meter.level];
  if (isSanbaoEvent(meter.threshold))
    return (
      <div style={{ display: 'grid', gap: 2 }} data-testid="sanbao-meter" data-threshold={meter.threshold} data-level={meter.level}>
        <Space size={8} wrap>
          <Typography.Text>{label}</Typography.Text>
          {meter.value > 0 ? (
            <Tag color="red" icon={<WarningFilled />} style={{ marginInlineEnd: 0 }}>
              {t(`warranty.sanbao.eventYes.${meter.threshold}`)}
            </Tag>
          ) : (
            <Typography.Text type="secondary">{t('warranty.sanbao.earlyNo')}</Typography.Text>
          )}
        </Space>
      </div>
    );
  return (
    <div style={{ display: 'grid', gap: 2 }} data-testid="sanbao-meter" data-threshold={meter.threshold} data-level={meter.level}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between' }}>
        <Typography.Text>
          {label}
          {meter.threshold === 'same_defect' && standing.sameDefect.part && (
            <Typography.Text type="secondary" className="sb-mono">
              {' '}
              ({standing.sameDefect.part})
            </Typography.Text>
          )}
        </Typography.Text>
        <Typography.Text
          strong={meter.level !== 'ok'}
          style={{ color: meter.level === 'ok' ? undefined : color, fontVariantNumeric: 'tabular-nums' }}
        >
          {meter.limit === null ? meter.value : t('warranty.sanbao.valueOfLimit', { value: meter.value, limit: meter.limit })}
          {meter.level !== 'ok' && ` · ${t(`warranty.sanbao.levels.${meter.level}`)}`}
        </Typography.Text>
      </div>
      {meter.limit !== null && (
        <Progress
          percent={meter.percent}
          showInfo={false}
          strokeColor={color}
          size="small"
          aria-label={label}
          aria-valuenow={meter.value}
          aria-valuemax={meter.limit}
        />
      )}
    </div>
  );
}

/** 三包 on the vehicle page: the car's counts in the 三包 period against the thresholds, and its case. */
export function SanbaoCard({ vehicleId }: { vehicleId: string }) {
  const { t } = useTranslation();
  const canReadWarranty = useCan('warranty.read');
  const query = useSanbao(vehicleId);
  const settings = useWarrantySettings(canReadWarranty);
  const [deciding, setDeciding] = useState(false);
  const title = (
    <Space>
      <AuditOutlined />
      {t('warranty.sanbao.cardTitle')}
    </Space>
  );
  if (query.isPending)
    return (
      <Card title={title}>
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
    );
  if (query.isError) {
    if (isHidden(query.error)) return null;
    return (
      <Card title={title}>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Card>
    );
  }
  const s = query.data;
  const meters = sanbaoMeters(s, settings.data?.sanbao ?? null);
  const level = worstLevel(s.flags);
  const c = s.case;
  const none = t('common.none');
  const period = s.periodEndsOn
    ? t('warranty.sanbao.periodEnds', { date: formatDate(s.periodEndsOn), km: s.periodEndsKm.toLocaleString() })
    : t('warranty.sanbao.periodUnknown');

  return (
    <Card
      title={title}
      extra={
        <Space wrap>
          <Tag
            color={s.inPeriod ? 'blue' : 'default'}
            style={{ marginInlineEnd: 0 }}
            data-testid="sanbao-period"
            data-in-period={s.inPeriod}
          >
            {s.inPeriod ? period : s.periodEndsOn ? t('warranty.sanbao.periodEnded') : period}
          </Tag>
          {s.can.decide && (
            <Button type="primary" icon={<AuditOutlined />} onClick={() => setDeciding(true)} data-testid="sanbao-decide">
              {t('warranty.sanbao.decide')}
            </Button>
          )}
        </Space>
      }
      data-testid="sanbao-card"
      data-level={level}
    >
      <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        {level !== 'ok' && (
          <Alert
            type={level === 'reached' ? 'error' : 'warning'}
            showIcon
            title={level === 'reached' ? t('warranty.sanbao.reachedAlert') : t('warranty.sanbao.nearAlert')}
            data-testid="sanbao-alert"
          />
        )}
        <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))' }}>
          {meters.map((m) => (
            <MeterRow key={m.threshold} meter={m} standing={s} />
          ))}
        </div>
        {meters.some((m) => m.limit === null) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('warranty.sanbao.limitsUnknown')}
          </Typography.Text>
        )}
        {c && (
          <div style={{ borderTop: '1px solid rgba(5,5,5,0.06)', paddingTop: 12 }} data-testid="sanbao-case" data-status={c.status}>
            <Descriptions column={{ xs: 1, sm: 2, xl: 4 }} size="small" title={t('warranty.sanbao.caseTitle')}>
              <Descriptions.Item label={t('warranty.sanbao.decision')}>
                <SanbaoDecisionTag decision={c.decision} />
              </Descriptions.Item>
              <Descriptions.Item label={t('warranty.sanbao.openedAt')}>{formatDateTime(c.openedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('warranty.columns.dealer')}>{c.dealer.name}</Descriptions.Item>
              {c.decidedAt && (
                <Descriptions.Item label={t('warranty.sanbao.decidedBy')}>
                  {t('warranty.claim.decidedBy', { name: c.decidedBy?.name ?? none, time: formatDateTime(c.decidedAt) })}
                </Descriptions.Item>
              )}
              {c.note && (
                <Descriptions.Item label={t('warranty.sanbao.note')} span={{ xs: 1, sm: 2, xl: 4 }}>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.note}</Typography.Paragraph>
                </Descriptions.Item>
              )}
            </Descriptions>
          </div>
        )}
      </div>
      {deciding && <DecisionModal vehicleId={vehicleId} onClose={() => setDeciding(false)} />}
    </Card>
  );
}
