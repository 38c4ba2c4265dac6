import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import type { ClaimKind, ClaimStatus, PartsReturnStatus } from '@servicebay/contracts';
import { Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasTranslation } from '../../api/problems';
import type { ClaimListItem, TermCoverage } from '../../api/warranty';
import { formatDate, formatDateTime } from '../../components/DateText';
import i18n from '../../i18n';
import { DEFAULT_WARN_DAYS, KIND_COLORS, PARTS_RETURN_COLORS, STATUS_COLORS, submitDeadline, termParts } from './warranty';

type Translate = (key: string, options?: Record<string, unknown>) => string;
/** Keys built from the server's strings (failure codes, event kinds) are checked with `exists`. */
const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);

/** The label of a code of one of the warranty lists, or the code itself when we have no label for it. */
export function codeLabel(list: 'failureCodes' | 'causeCodes' | 'rejectCodes' | 'events', code: string | null | undefined): string {
  if (!code) return tr('common.none');
  const key = `warranty.${list}.${code}`;
  return hasTranslation(key) ? tr(key) : code;
}

/** 整车保修 / 零部件保修 · 动力电池 / 售后配件保修 / 免费首保, from a check's or a claim's term. */
export function termLabel(term: string, name?: string | null): string {
  // A campaign's claim names its campaign: `campaign:<code>`.
  if (term.startsWith('campaign:')) return `${tr('warranty.claimKinds.campaign')} · ${term.slice('campaign:'.length)}`;
  const { kind, code } = termParts(term);
  const base = tr(`warranty.termKinds.${kind}`);
  return kind === 'component' ? `${base} · ${name ?? code ?? ''}` : base;
}

/** The current time, moving every minute (the deadlines). */
export function useNow(everyMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function ClaimStatusTag({ status, testId }: { status: ClaimStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`warranty.statuses.${status}`)}
    </Tag>
  );
}

export function ClaimKindTag({ kind }: { kind: ClaimKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} data-kind={kind} style={{ marginInlineEnd: 0 }}>
      {t(`warranty.claimKinds.${kind}`)}
    </Tag>
  );
}

/** 旧件返还: asked for, shipped, received, or charged back when it did not arrive in time. */
export function PartsReturnTag({ status, testId }: { status: PartsReturnStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={PARTS_RETURN_COLORS[status]} data-testid={testId} data-parts-return={status} style={{ marginInlineEnd: 0 }}>
      {t(`warranty.partsReturn.statuses.${status}`)}
    </Tag>
  );
}

export function LateTag() {
  const { t } = useTranslation();
  return (
    <Tag color="red" icon={<WarningOutlined />} data-testid="claim-late" style={{ marginInlineEnd: 0 }} title={t('warranty.lateHint')}>
      {t('warranty.late')}
    </Tag>
  );
}

/**
 * The submission deadline: the date, red when it is past or within the warning days while the dealer
 * still has to send the claim, with the days left (or late).
 */
export function SubmitBy({
  claim,
  now,
  warnDays = DEFAULT_WARN_DAYS,
  testId,
}: {
  claim: Pick<ClaimListItem, 'status' | 'submitBy' | 'late'>;
  now: Date;
  warnDays?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const deadline = submitDeadline(claim, now, warnDays);
  const urgent = deadline !== null && deadline.state !== 'ok';
  return (
    <span
      style={{ display: 'inline-grid', gap: 2, justifyItems: 'start' }}
      data-testid={testId}
      data-urgent={urgent}
      title={t('warranty.submitByAt', { time: formatDateTime(claim.submitBy) })}
    >
      <Typography.Text
        type={urgent ? 'danger' : undefined}
        strong={urgent}
        style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
      >
        {urgent && <ClockCircleOutlined />} {formatDate(formatDateTime(claim.submitBy))}
      </Typography.Text>
      {deadline && (
        <Typography.Text type={urgent ? 'danger' : 'secondary'} style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {deadline.state === 'past'
            ? t('warranty.deadline.past', { count: deadline.days })
            : t('warranty.deadline.left', { count: deadline.days })}
        </Typography.Text>
      )}
      {claim.late && <LateTag />}
    </span>
  );
}

/** 有效 / 已到期（按时间｜按里程｜已使用）. */
export function TermStateTag({ term }: { term: Pick<TermCoverage, 'active' | 'endedBy'> }) {
  const { t } = useTranslation();
  if (term.active)
    return (
      <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="term-active">
        {t('warranty.coverage.active')}
      </Tag>
    );
  return (
    <Tag color="default" style={{ marginInlineEnd: 0 }} data-testid="term-ended" data-ended-by={term.endedBy ?? ''}>
      {term.endedBy ? t(`warranty.coverage.endedBy.${term.endedBy}`) : t('warranty.coverage.ended')}
    </Tag>
  );
}
