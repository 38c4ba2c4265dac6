import {
  ArrowLeftOutlined,
  CarryOutOutlined,
  CheckCircleOutlined,
  CloseCircleOutlined,
  EditOutlined,
  InboxOutlined,
  ReloadOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type ClaimDetail, type ClaimLine, useClaim, useWarrantySettings } from '../../api/warranty';
import { formatDateTime } from '../../components/DateText';
import { formatFen } from '../../components/money';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { ClaimActionModal, type ClaimModalAction } from './ClaimActionModals';
import { ClaimEditDrawer } from './ClaimEditDrawer';
import { ClaimTimeline } from './ClaimTimeline';
import { ClaimKindTag, ClaimStatusTag, codeLabel, LateTag, PartsReturnTag, SubmitBy, termLabel, useNow } from './WarrantyTags';
import { DEFAULT_WARN_DAYS, linesTotalFen } from './warranty';

const grid = { display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' } as const;

/** 工时 2.5 × ¥120.00 / 配件 2 × ¥350.00 / 外协 as invoiced. */
function QuantityText({ line }: { line: ClaimLine }) {
  const { t } = useTranslation();
  if (line.kind === 'labour')
    return (
      <>
        {t('warranty.lines.hoursShort', { hours: line.hours ?? '' })}
        {line.rateFen !== null && ` × ${formatFen(line.rateFen)}`}
      </>
    );
  if (line.kind === 'parts')
    return (
      <>
        {line.quantity ?? ''}
        {line.unitPriceFen !== null && ` × ${formatFen(line.unitPriceFen)}`}
      </>
    );
  return <Typography.Text type="secondary">{t('warranty.lines.asInvoiced')}</Typography.Text>;
}

/** 索赔项目: the lines, as claimed and (once decided) as approved, with the totals. */
function LinesCard({ claim }: { claim: ClaimDetail }) {
  const { t } = useTranslation();
  const decided = claim.approvedFen !== null || claim.lines.some((l) => l.approvedFen !== null);
  const totalFen = linesTotalFen(claim.lines);
  return (
    <Card title={t('warranty.lines.title')} data-testid="claim-lines-card">
      <Table<ClaimLine>
        size="small"
        rowKey="position"
        pagination={false}
        dataSource={claim.lines}
        scroll={{ x: 600 }}
        locale={{ emptyText: t('warranty.lines.empty') }}
        data-testid="claim-lines"
        onRow={(l) => ({ 'data-testid': 'claim-line', 'data-position': l.position, 'data-kind': l.kind }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: '#', width: 40, render: (_, l) => l.position },
          { title: t('warranty.lines.kind'), width: 70, render: (_, l) => t(`warranty.lineKinds.${l.kind}`) },
          {
            title: t('warranty.lines.item'),
            render: (_, l) => (
              <div style={{ display: 'grid', gap: 2, justifyItems: 'start' }}>
                <span>{l.description}</span>
                {l.code && (
                  <Typography.Text type="secondary" className="sb-mono" style={{ fontSize: 12 }}>
                    {l.code}
                    {l.kind === 'parts' && l.code === claim.causalPartCode && (
                      <Tag color="volcano" style={{ marginInlineStart: 6 }}>
                        {t('warranty.lines.causal')}
                      </Tag>
                    )}
                  </Typography.Text>
                )}
                {l.returnRequired && (
                  <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="claim-line-return">
                    {t('warranty.lines.returnRequired')}
                  </Tag>
                )}
              </div>
            ),
          },
          { title: t('warranty.lines.quantity'), width: 140, render: (_, l) => <QuantityText line={l} /> },
          {
            title: t('warranty.lines.amount'),
            width: 110,
            align: 'right',
            render: (_, l) => (
              <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid="claim-line-amount">
                {formatFen(l.amountFen)}
              </span>
            ),
          },
          ...(decided
            ? [
                {
                  title: t('warranty.lines.approved'),
                  width: 180,
                  align: 'right' as const,
                  render: (_: unknown, l: ClaimLine) => {
                    const approved = l.approvedFen ?? (claim.status === 'approved' ? l.amountFen : null);
                    if (approved === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
                    const adjusted = approved !== l.amountFen;
                    return (
                      <div style={{ display: 'grid', gap: 2, justifyItems: 'end' }}>
                        <Typography.Text
                          type={adjusted ? 'warning' : undefined}
                          strong={adjusted}
                          style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
                          data-testid="claim-line-approved"
                        >
                          {formatFen(approved)}
                        </Typography.Text>
                        {l.adjustReason && (
                          <Typography.Text
                            type="secondary"
                            style={{ fontSize: 12, textAlign: 'end' }}
                            data-testid="claim-line-adjust-reason"
                          >
                            {l.adjustReason}
                          </Typography.Text>
                        )}
                      </div>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" style={{ marginTop: 12 }} data-testid="claim-totals">
        <Descriptions.Item label={t('warranty.claim.claimedTotal')}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="claim-claimed-total">
            {formatFen(totalFen)}
          </Typography.Text>
        </Descriptions.Item>
        {claim.approvedFen !== null && (
          <Descriptions.Item label={t('warranty.claim.approvedTotal')}>
            <Typography.Text
              strong
              type={claim.approvedFen < totalFen ? 'warning' : 'success'}
              style={{ fontSize: 16 }}
              data-testid="claim-approved-total"
            >
              {formatFen(claim.approvedFen)}
            </Typography.Text>
          </Descriptions.Item>
        )}
        {claim.chargedBackFen > 0 && (
          <Descriptions.Item label={t('warranty.partsReturn.chargedBack')}>
            <Typography.Text strong type="danger" style={{ fontSize: 16 }} data-testid="claim-charged-back">
              −{formatFen(claim.chargedBackFen)}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** 旧件返还: which parts go back to the car maker, by when, and where they are. */
function PartsReturnCard({ claim }: { claim: ClaimDetail }) {
  const { t } = useTranslation();
  const r = claim.partsReturn;
  if (!r) return null;
  const parts = claim.lines.filter((l) => l.returnRequired);
  const late = r.status === 'requested' && Date.parse(r.dueAt) < Date.now();
  return (
    <Card
      title={t('warranty.partsReturn.title')}
      extra={<PartsReturnTag status={r.status} testId="claim-parts-return-status" />}
      data-testid="claim-parts-return"
    >
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        <Descriptions.Item label={t('warranty.partsReturn.parts')} span={2}>
          <span>{parts.map((l) => `${l.code ?? ''} ${l.description}`).join(t('warranty.listSeparator')) || t('common.none')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('warranty.partsReturn.due')}>
          <Typography.Text type={late ? 'danger' : undefined} strong={late}>
            {formatDateTime(r.dueAt)}
          </Typography.Text>
        </Descriptions.Item>
        {r.waybill && (
          <Descriptions.Item label={t('warranty.ship.waybill')}>
            <Typography.Text className="sb-mono" copyable data-testid="claim-parts-waybill">
              {r.waybill}
            </Typography.Text>
          </Descriptions.Item>
        )}
        {r.shippedAt && <Descriptions.Item label={t('warranty.partsReturn.shippedAt')}>{formatDateTime(r.shippedAt)}</Descriptions.Item>}
        {r.receivedAt && <Descriptions.Item label={t('warranty.partsReturn.receivedAt')}>{formatDateTime(r.receivedAt)}</Descriptions.Item>}
        {r.note && (
          <Descriptions.Item label={t('warranty.partsReturn.note')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{r.note}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {r.status === 'requested' && <Typography.Text type="secondary">{t('warranty.partsReturn.hint')}</Typography.Text>}
    </Card>
  );
}

/** 故障与维修: the codes, the customer's words, the technician's checks and the repair report. */
function FindingsCard({ claim }: { claim: ClaimDetail }) {
  const { t } = useTranslation();
  const text = (value: string | null, testId: string) =>
    value ? (
      <span style={{ whiteSpace: 'pre-wrap' }} data-testid={testId}>
        {value}
      </span>
    ) : (
      <Typography.Text type="secondary" data-testid={testId}>
        {t('warranty.claim.notRecorded')}
      </Typography.Text>
    );
  return (
    <Card title={t('warranty.claim.findingsTitle')} data-testid="claim-findings-card">
      <Descriptions column={{ xs: 1, sm: 3 }} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('warranty.claim.failureCode')}>
          <span data-testid="claim-failure-code">{codeLabel('failureCodes', claim.failureCode)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('warranty.claim.causeCode')}>
          <span data-testid="claim-cause-code">{codeLabel('causeCodes', claim.causeCode)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('warranty.claim.causalPart')}>
          <span className="sb-mono" data-testid="claim-causal-part">
            {claim.causalPartCode || t('common.none')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary">{t('warranty.claim.customerWords')}</Typography.Text>
      <blockquote
        style={{
          margin: '4px 0 16px',
          padding: '8px 12px',
          borderInlineStart: '4px solid #fa8c16',
          background: '#fff7e6',
          borderRadius: 4,
          whiteSpace: 'pre-wrap',
        }}
        data-testid="claim-customer-words"
      >
        {claim.customerWords || t('warranty.claim.notRecorded')}
      </blockquote>
      <Descriptions column={1} size="small" styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t('warranty.claim.technicianChecks')}>
          {text(claim.technicianChecks, 'claim-technician-checks')}
        </Descriptions.Item>
        <Descriptions.Item label={t('warranty.claim.repairReport')}>{text(claim.repairReport, 'claim-repair-report')}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** How the car maker decided, or what it asked for. */
function DecisionAlert({ claim }: { claim: ClaimDetail }) {
  const { t } = useTranslation();
  const by =
    claim.reviewer || claim.decidedAt
      ? t('warranty.claim.decidedBy', {
          name: claim.reviewer?.name ?? t('warranty.timeline.system'),
          time: formatDateTime(claim.decidedAt) ?? '',
        })
      : null;
  const returnNote =
    claim.decisionNote ??
    [...claim.events].sort((a, b) => b.at.localeCompare(a.at)).find((e) => e.kind === 'returned' && e.note)?.note ??
    null;
  if (claim.status === 'returned')
    return (
      <Alert
        type="warning"
        showIcon
        icon={<RollbackOutlined />}
        title={t('warranty.claim.returnedTitle')}
        description={
          <div style={{ display: 'grid', gap: 4 }}>
            {returnNote && <span style={{ whiteSpace: 'pre-wrap' }}>{returnNote}</span>}
            {by && <Typography.Text type="secondary">{by}</Typography.Text>}
          </div>
        }
        data-testid="claim-decision"
      />
    );
  if (claim.status === 'rejected')
    return (
      <Alert
        type="error"
        showIcon
        title={t('warranty.claim.rejectedTitle', { reason: codeLabel('rejectCodes', claim.rejectCode) })}
        description={
          <div style={{ display: 'grid', gap: 4 }}>
            {claim.decisionNote && <span style={{ whiteSpace: 'pre-wrap' }}>{claim.decisionNote}</span>}
            {by && <Typography.Text type="secondary">{by}</Typography.Text>}
          </div>
        }
        data-testid="claim-decision"
      />
    );
  if (claim.status === 'approved')
    return (
      <Alert
        type="success"
        showIcon
        title={t('warranty.claim.approvedTitle', {
          approved: formatFen(claim.approvedFen ?? claim.claimedFen),
          claimed: formatFen(claim.claimedFen),
        })}
        description={
          claim.decisionNote || by ? (
            <div style={{ display: 'grid', gap: 4 }}>
              {claim.decisionNote && <span style={{ whiteSpace: 'pre-wrap' }}>{claim.decisionNote}</span>}
              {by && <Typography.Text type="secondary">{by}</Typography.Text>}
            </div>
          ) : undefined
        }
        data-testid="claim-decision"
      />
    );
  return null;
}

/** 索赔单: one claim as it stands, its lines and history — and the next step for whoever may take it. */
export function ClaimPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useClaim(id);
  const settings = useWarrantySettings();
  const now = useNow();
  const [modal, setModal] = useState<ClaimModalAction | null>(null);
  const [editing, setEditing] = useState(false);

  if (query.isPending) return <PageSkeleton cards={3} />;
  if (query.isError)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} notFoundText={t('warranty.claim.notFound')} />;
  const c = query.data;
  const can = c.can;
  const anyAction = can.update || can.submit || can.approve || can.reject || can.return || can.shipParts || can.receiveParts;

  const button = (action: ClaimModalAction, icon: ReactNode, primary: boolean, danger = false) =>
    can[action] ? (
      <Button
        key={action}
        size="large"
        type={primary ? 'primary' : 'default'}
        danger={danger}
        icon={icon}
        onClick={() => setModal(action)}
        data-testid={`claim-${action}`}
      >
        {t(`warranty.actions.${action}`)}
      </Button>
    ) : null;

  const fact = (label: string, value: ReactNode, testId?: string) => (
    <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography.Text type="secondary">{t('warranty.labelled', { label })}</Typography.Text>
      <span data-testid={testId}>{value}</span>
    </span>
  );

  return (
    <div style={grid} data-testid="claim-page" data-id={c.id} data-status={c.status} data-version={c.version}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        <Button
          type="text"
          size="large"
          icon={<ArrowLeftOutlined />}
          aria-label={t('common.back')}
          onClick={() => void navigate('/warranty/claims')}
        />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('warranty.claim.title')}{' '}
          <span className="sb-mono" data-testid="claim-number">
            {c.number}
          </span>
        </Typography.Title>
        <ClaimStatusTag status={c.status} testId="claim-status" />
        <ClaimKindTag kind={c.kind} />
        {c.late && <LateTag />}
        <div style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined spin={query.isFetching} />} aria-label={t('common.reload')} onClick={() => void query.refetch()} />
      </div>

      <Card size="small" styles={{ body: { display: 'grid', gap: 10 } }}>
        <Space wrap size={[20, 8]}>
          {fact(t('warranty.columns.dealer'), `${c.dealer.code} ${c.dealer.name}`, 'claim-dealer')}
          {fact(
            t('warranty.columns.repairOrder'),
            <Link to={`/repair-orders/${c.repairOrder.id}`} className="sb-mono" data-testid="claim-repair-order">
              {c.repairOrder.number}
            </Link>,
          )}
          {fact(
            t('warranty.columns.vehicle'),
            <Link
              to={`/vehicles/${c.vehicle.id}`}
              data-testid="claim-vehicle"
              style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}
            >
              {c.vehicle.plate && <PlateTag plate={c.vehicle.plate} size="small" showKindTag={false} />}
              <span className="sb-mono">{c.vehicle.vin}</span>
              {c.vehicle.modelName && <Typography.Text type="secondary">{c.vehicle.modelName}</Typography.Text>}
            </Link>,
          )}
          {fact(t('warranty.claim.term'), termLabel(c.term), 'claim-term')}
        </Space>
        <Space wrap size={[20, 8]} align="start">
          {fact(t('warranty.claim.repairedAt'), formatDateTime(c.repairedAt))}
          {c.submittedAt
            ? fact(t('warranty.claim.submittedAt'), formatDateTime(c.submittedAt), 'claim-submitted-at')
            : fact(
                t('warranty.columns.submitBy'),
                <SubmitBy
                  claim={{ ...c, late: false }}
                  now={now}
                  warnDays={settings.data?.warnDaysBefore ?? DEFAULT_WARN_DAYS}
                  testId="claim-submit-by"
                />,
              )}
          {c.submittedAt && fact(t('warranty.columns.submitBy'), formatDateTime(c.submitBy))}
        </Space>
      </Card>

      <DecisionAlert claim={c} />

      {anyAction ? (
        <Space wrap size={8} data-testid="claim-actions">
          {can.update && (
            <Button size="large" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="claim-update">
              {t('warranty.actions.update')}
            </Button>
          )}
          {button('submit', <SendOutlined />, true)}
          {button('approve', <CheckCircleOutlined />, true)}
          {button('return', <RollbackOutlined />, false)}
          {button('reject', <CloseCircleOutlined />, false, true)}
          {button('shipParts', <CarryOutOutlined />, true)}
          {button('receiveParts', <InboxOutlined />, true)}
        </Space>
      ) : (
        (c.status === 'submitted' || c.status === 'draft' || c.status === 'returned') && (
          <Alert
            type="info"
            showIcon
            title={c.status === 'submitted' ? t('warranty.claim.waitingForReview') : t('warranty.claim.waitingForDealer')}
            data-testid="claim-read-only"
          />
        )
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <div style={grid}>
            <LinesCard claim={c} />
            <PartsReturnCard claim={c} />
            <FindingsCard claim={c} />
          </div>
        </Col>
        <Col xs={24} xl={9}>
          <ClaimTimeline events={c.events} />
        </Col>
      </Row>

      <ClaimActionModal action={modal} claim={c} onClose={() => setModal(null)} />
      {can.update && <ClaimEditDrawer open={editing} claim={c} onClose={() => setEditing(false)} />}
    </div>
  );
}
