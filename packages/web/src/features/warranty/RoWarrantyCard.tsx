import {
  CheckCircleFilled,
  CloseCircleFilled,
  FileAddOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { WARRANTY_FINDINGS } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { applyProblemToForm, errorMessage, fieldProblemMessage } from '../../api/problems';
import type { RepairOrder } from '../../api/repairOrders';
import {
  isHidden,
  type PreparedClaimKind,
  type RoCampaign,
  type RoWarranty,
  useRoWarranty,
  type WarrantyCheck,
  type WarrantyCheckInput,
  type WarrantyFinding,
  warrantyApi,
  warrantyKeys,
} from '../../api/warranty';
import { useCan } from '../../app/session';
import { formatDate, formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { UnknownCoverage, useTermPeriod } from './WarrantyCoverageCard';
import { ClaimKindTag, ClaimStatusTag, TermStateTag, termLabel } from './WarrantyTags';
import { kindsAwaitingCheck, linesOfKind, newestChecks, preparableKinds, roWarrantyView } from './warranty';

type CheckValues = {
  term?: string;
  partNumber?: string;
  findings: WarrantyFinding[];
  customerWords?: string;
  technicianChecks?: string;
  repairReport?: string;
};

/** The term the clerk most likely checks: the first maintenance when that is all the order claims, else the whole vehicle. */
function defaultTerm(w: RoWarranty): string | undefined {
  const terms = w.coverage.terms.map((t) => t.term);
  if (w.firstMaintenanceLines > 0 && w.warrantyLines === 0 && terms.includes('free_first_maintenance')) return 'free_first_maintenance';
  return terms.includes('vehicle') ? 'vehicle' : terms[0];
}

/** 保修资格检查: which term, what was found on the car, and the customer's and the technician's words. */
function CheckModal({ order, warranty, onClose }: { order: RepairOrder; warranty: RoWarranty; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<CheckValues>();
  const [saving, setSaving] = useState(false);
  const term = Form.useWatch('term', form);
  const latest = newestChecks(warranty.checks)[0];
  const label = (term: string) => termLabel(term, warranty.coverage.terms.find((c) => c.term === term)?.name);

  async function submit(values: CheckValues) {
    const findings = Object.fromEntries(WARRANTY_FINDINGS.map((f) => [f, values.findings.includes(f)])) as Record<WarrantyFinding, boolean>;
    const input: WarrantyCheckInput = {
      term: values.term ?? '',
      partNumber: values.term === 'fitted_parts' ? values.partNumber?.trim() || undefined : undefined,
      findings,
      customerWords: values.customerWords?.trim() ?? '',
      technicianChecks: values.technicianChecks?.trim() || null,
      repairReport: values.repairReport?.trim() || null,
    };
    setSaving(true);
    try {
      const check = await warrantyApi.check(order.id, input, idempotency.keyFor(input));
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: warrantyKeys.repairOrder(order.id) });
      if (check.eligible) void message.success(t('warranty.check.eligible', { term: label(check.term) }), 5);
      else
        void message.warning(
          t('warranty.check.excluded', {
            term: label(check.term),
            reason: check.exclusion ? t(`warranty.exclusions.${check.exclusion}`) : t('common.none'),
          }),
          8,
        );
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
      width={640}
      title={t('warranty.check.title', { number: order.number })}
      okText={t('warranty.check.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'warranty-check-ok' }}
      onOk={() => form.submit()}
      onCancel={() => !saving && onClose()}
      maskClosable={false}
      data-testid="warranty-check-modal"
    >
      <Form<CheckValues>
        form={form}
        layout="vertical"
        initialValues={{
          term: defaultTerm(warranty),
          findings: [],
          customerWords: latest?.customerWords ?? order.concerns ?? '',
          technicianChecks: latest?.technicianChecks ?? order.diagnosis ?? '',
          repairReport: latest?.repairReport ?? '',
        }}
        onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <Row gutter={16}>
          <Col xs={24} sm={term === 'fitted_parts' ? 14 : 24}>
            <Form.Item
              name="term"
              label={t('warranty.check.term')}
              rules={[{ required: true, message: t('form.required', { label: t('warranty.check.term') }) }]}
            >
              <Select
                options={warranty.coverage.terms.map((c) => ({
                  value: c.term,
                  label: (
                    <Space size={6}>
                      {termLabel(c.term, c.name)}
                      {!c.active && <TermStateTag term={c} />}
                    </Space>
                  ),
                }))}
                data-testid="warranty-check-term"
              />
            </Form.Item>
          </Col>
          {term === 'fitted_parts' && (
            <Col xs={24} sm={10}>
              <Form.Item
                name="partNumber"
                label={t('warranty.check.partNumber')}
                tooltip={t('warranty.check.partNumberHint')}
                rules={[
                  { required: true, whitespace: true, message: t('form.required', { label: t('warranty.check.partNumber') }) },
                  { max: 40, message: t('form.tooLong', { max: 40 }) },
                ]}
              >
                <Input className="sb-mono" autoCapitalize="characters" spellCheck={false} data-testid="warranty-check-part" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item name="findings" label={t('warranty.check.findings')} extra={t('warranty.check.findingsHint')}>
          <Checkbox.Group style={{ display: 'grid', gap: 6 }} data-testid="warranty-check-findings">
            {WARRANTY_FINDINGS.map((f) => (
              <Checkbox key={f} value={f} data-testid={`warranty-finding-${f}`}>
                {t(`warranty.findings.${f}`)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item
          name="customerWords"
          label={t('warranty.claim.customerWords')}
          rules={[
            { required: true, whitespace: true, message: t('form.required', { label: t('warranty.claim.customerWords') }) },
            { max: 2000, message: t('form.tooLong', { max: 2000 }) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} showCount data-testid="warranty-check-words" />
        </Form.Item>
        <Form.Item name="technicianChecks" label={t('warranty.claim.technicianChecks')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} showCount data-testid="warranty-check-technician" />
        </Form.Item>
        <Form.Item name="repairReport" label={t('warranty.claim.repairReport')} style={{ marginBottom: 0 }}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} showCount data-testid="warranty-check-report" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One check: the term, covered or the exclusion that ends it, who and when. */
function CheckRow({ check, name }: { check: WarrantyCheck; name: string | null }) {
  const { t } = useTranslation();
  const found = (Object.keys(check.findings) as WarrantyFinding[]).filter((f) => check.findings[f]);
  return (
    <div
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '4px 12px',
        alignItems: 'center',
        padding: '6px 0',
        borderBottom: '1px solid rgba(5,5,5,0.06)',
      }}
      data-testid="warranty-check"
      data-term={check.term}
      data-eligible={check.eligible}
    >
      {check.eligible ? (
        <Typography.Text type="success" strong>
          <CheckCircleFilled /> {t('warranty.check.eligibleShort')}
        </Typography.Text>
      ) : (
        <Typography.Text type="danger" strong>
          <CloseCircleFilled /> {check.exclusion ? t(`warranty.exclusions.${check.exclusion}`) : t('warranty.check.excludedShort')}
        </Typography.Text>
      )}
      <span>{termLabel(check.term, name)}</span>
      {found.map((f) => (
        <Tag key={f} color="orange" style={{ marginInlineEnd: 0 }}>
          {t(`warranty.findings.${f}`)}
        </Tag>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {check.checkedBy.name} · {formatDateTime(check.checkedAt)}
      </Typography.Text>
    </div>
  );
}

/** The terms that still cover the car, as tags: 整车保修 至 2027-03-14 / 100,000 km. */
function ActiveTerms({ warranty }: { warranty: RoWarranty }) {
  const { t } = useTranslation();
  const period = useTermPeriod();
  const active = warranty.coverage.terms.filter((term) => term.active && term.kind !== 'fitted_parts');
  if (warranty.coverage.unknownBecause) return <UnknownCoverage coverage={warranty.coverage} />;
  return (
    <Space wrap size={[6, 6]} data-testid="ro-warranty-terms">
      {active.length === 0 ? (
        <Tag style={{ marginInlineEnd: 0 }}>{t('warranty.coverage.noneActive')}</Tag>
      ) : (
        active.map((term) => (
          <Tag key={term.term} color="green" style={{ marginInlineEnd: 0 }} title={period(term)}>
            {termLabel(term.term, term.name)}
            {term.endsOn &&
              ` · ${t('warranty.coverage.until', {
                date: formatDate(term.endsOn),
                km: term.endsKm === null ? t('common.none') : term.endsKm.toLocaleString(),
              })}`}
          </Tag>
        ))
      )}
      {!warranty.coverage.serviceOnSchedule && (
        <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="ro-warranty-overdue">
          {warranty.coverage.overdueSince
            ? t('warranty.coverage.overdueSince', { date: formatDate(warranty.coverage.overdueSince) })
            : t('warranty.coverage.notOnSchedule')}
        </Tag>
      )}
    </Space>
  );
}

/** 保修索赔 on the repair order: what covers the car, the clerk's checks, the claims, and the next step. */
export function RoWarrantyCard({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canRead = useCan('warranty.read');
  const query = useRoWarranty(order.id, canRead);
  const idempotency = useIdempotencyKey();
  const [checking, setChecking] = useState(false);

  if (!canRead || query.isPending) return null;
  if (query.isError) {
    if (isHidden(query.error)) return null;
    return <Alert type="warning" showIcon title={`${t('warranty.ro.title')}: ${errorMessage(query.error)}`} />;
  }
  const w = query.data;
  const view = roWarrantyView(w);
  if (!view && !w.can.check) return null;

  function prepare(kind: PreparedClaimKind) {
    const input = {
      repairOrderId: order.id,
      kind,
      ...(kind === 'free_first_maintenance' ? { failureCode: 'maintenance' as const, causeCode: 'scheduled_service' as const } : {}),
    };
    modal.confirm({
      title: t('warranty.ro.prepareTitle', { kind: t(`warranty.claimKinds.${kind}`) }),
      content: t('warranty.ro.prepareContent', { count: linesOfKind(w, kind) }),
      okText: t('warranty.ro.prepareOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const claim = await warrantyApi.createClaim(input, idempotency.keyFor(input));
          idempotency.reset();
          queryClient.setQueryData(warrantyKeys.claim(claim.id), claim);
          void queryClient.invalidateQueries({ queryKey: warrantyKeys.repairOrder(order.id) });
          void queryClient.invalidateQueries({ queryKey: [...warrantyKeys.claims, 'list'] });
          void message.success(t('warranty.ro.prepared', { number: claim.number }));
          void navigate(`/warranty/claims/${claim.id}`);
        } catch (error) {
          void queryClient.invalidateQueries({ queryKey: warrantyKeys.repairOrder(order.id) });
          // Someone prepared it meanwhile: open that one.
          const existing = error instanceof ApiError && error.code === 'claim_exists' ? error.body.claimId : undefined;
          if (typeof existing === 'string') {
            void message.info(t('warranty.ro.claimExists'));
            void navigate(`/warranty/claims/${existing}`);
            return;
          }
          const first = error instanceof ApiError ? error.errors[0] : undefined;
          void message.error(first && error instanceof ApiError ? fieldProblemMessage(first, error.code) : errorMessage(error));
        }
      },
    });
  }

  /** 登记活动作业: the campaign's work done on this (finished) order; its claim is raised and submitted at once. */
  function recordCampaign(c: RoCampaign) {
    modal.confirm({
      title: t('warranty.ro.recordCampaignTitle', { code: c.code }),
      content: t('warranty.ro.recordCampaignContent', { title: c.title, number: order.number }),
      okText: t('warranty.ro.recordCampaignOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const key = idempotency.keyFor({ campaignWork: c.id, order: order.id });
        try {
          const claim = await warrantyApi.recordCampaignWork(order.id, c.id, key);
          idempotency.reset();
          queryClient.setQueryData(warrantyKeys.claim(claim.id), claim);
          void queryClient.invalidateQueries({ queryKey: warrantyKeys.repairOrder(order.id) });
          void queryClient.invalidateQueries({ queryKey: [...warrantyKeys.claims, 'list'] });
          void queryClient.invalidateQueries({ queryKey: warrantyKeys.campaigns });
          void queryClient.invalidateQueries({ queryKey: ['warranty', 'vehicle-campaigns'] });
          void message.success(t('warranty.ro.campaignRecorded', { code: c.code, number: claim.number }));
          void navigate(`/warranty/claims/${claim.id}`);
        } catch (error) {
          void queryClient.invalidateQueries({ queryKey: warrantyKeys.repairOrder(order.id) });
          const first = error instanceof ApiError ? error.errors[0] : undefined;
          void message.error(first && error instanceof ApiError ? fieldProblemMessage(first, error.code) : errorMessage(error));
        }
      },
    });
  }

  const title = (
    <Space>
      <SafetyCertificateOutlined />
      {t('warranty.ro.title')}
    </Space>
  );
  const checkButton = w.can.check ? (
    <Button icon={<SafetyOutlined />} onClick={() => setChecking(true)} data-testid="warranty-check-open">
      {t('warranty.ro.check')}
    </Button>
  ) : undefined;
  const checkModal = checking && <CheckModal order={order} warranty={w} onClose={() => setChecking(false)} />;

  if (view !== 'full')
    return (
      <Card size="small" title={title} extra={checkButton} data-testid="ro-warranty-card" data-view="compact">
        <ActiveTerms warranty={w} />
        {checkModal}
      </Card>
    );

  const preparable = preparableKinds(w);
  const awaiting = w.can.check ? kindsAwaitingCheck(w) : [];
  const checks = newestChecks(w.checks);
  const openCampaigns = (w.campaigns ?? []).filter((c) => c.open);

  return (
    <Card title={title} extra={checkButton} data-testid="ro-warranty-card" data-view="full">
      <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        <ActiveTerms warranty={w} />
        {(w.warrantyLines > 0 || w.firstMaintenanceLines > 0) && (
          <Typography.Text type="secondary" data-testid="ro-warranty-lines">
            {t('warranty.ro.lines', { warranty: w.warrantyLines, first: w.firstMaintenanceLines })}
          </Typography.Text>
        )}
        {openCampaigns.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('warranty.ro.openCampaigns')}
            description={
              <div style={{ display: 'grid', gap: 2 }}>
                {openCampaigns.map((c) => (
                  <div
                    key={c.id}
                    style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}
                    data-testid="ro-warranty-campaign"
                    data-code={c.code}
                  >
                    <span>
                      <Tag color={c.kind === 'recall' ? 'red' : 'blue'} style={{ marginInlineEnd: 6 }}>
                        {t(`warranty.campaignKinds.${c.kind}`)}
                      </Tag>
                      <Typography.Text className="sb-mono">{c.code}</Typography.Text> {c.title}
                      <Typography.Text type="secondary"> · {t('warranty.lines.hoursShort', { hours: c.labourHours })}</Typography.Text>
                    </span>
                    {w.can.recordCampaign && (
                      <Button
                        size="small"
                        icon={<ToolOutlined />}
                        onClick={() => recordCampaign(c)}
                        data-testid="ro-warranty-record-campaign"
                      >
                        {t('warranty.ro.recordCampaign')}
                      </Button>
                    )}
                  </div>
                ))}
              </div>
            }
            data-testid="ro-warranty-campaigns"
          />
        )}
        {awaiting.map((kind) => (
          <Alert
            key={kind}
            type="info"
            showIcon
            title={t('warranty.ro.checkFirst', { kind: t(`warranty.claimKinds.${kind}`), count: linesOfKind(w, kind) })}
            data-testid="ro-warranty-check-first"
          />
        ))}
        {checks.length > 0 && (
          <div>
            <Typography.Text strong>{t('warranty.ro.checks')}</Typography.Text>
            <div>
              {checks.map((c) => (
                <CheckRow key={c.id} check={c} name={w.coverage.terms.find((term) => term.term === c.term)?.name ?? null} />
              ))}
            </div>
          </div>
        )}
        {w.claims.length > 0 && (
          <div style={{ display: 'grid', gap: 6 }}>
            <Typography.Text strong>{t('warranty.ro.claims')}</Typography.Text>
            {w.claims.map((c) => (
              <Space key={c.id} wrap size={8} data-testid="ro-warranty-claim">
                <Link to={`/warranty/claims/${c.id}`} className="sb-mono" style={{ fontWeight: 600 }}>
                  {c.number}
                </Link>
                <ClaimKindTag kind={c.kind} />
                <ClaimStatusTag status={c.status} />
              </Space>
            ))}
          </div>
        )}
        {preparable.length > 0 && (
          <Space wrap>
            {preparable.map((kind) => (
              <Button
                key={kind}
                type="primary"
                icon={<FileAddOutlined />}
                onClick={() => prepare(kind)}
                data-testid={`warranty-prepare-${kind}`}
              >
                {t('warranty.ro.prepare', { kind: t(`warranty.claimKinds.${kind}`) })}
              </Button>
            ))}
          </Space>
        )}
      </div>
      {checkModal}
    </Card>
  );
}
