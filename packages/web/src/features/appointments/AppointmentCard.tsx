import { UserOutlined } from '@ant-design/icons';
import { theme as antdTheme, Typography } from 'antd';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Appointment } from '../../api/appointments';
import { dealerTimeOf } from '../../components/dealerTime';
import { PlateTag } from '../../components/PlateTag';
import { ArrivalTag, BenefitTag, ConfirmedTag, STATUS_COLORS, StatusTag, UnassignedFlag } from './AppointmentTags';
import { workSummary } from './appointmentText';

type Props = {
  appointment: Appointment;
  draggable: boolean;
  flagged: boolean;
  highlighted: boolean;
  /** The week view: no time (the row says it), no work line. */
  compact?: boolean;
  onOpen: () => void;
  onDragStart?: (event: DragEvent<HTMLDivElement>) => void;
  onDragEnd?: () => void;
};

/** One appointment on the board: time, plate, customer, work, status, SA, confirmed or not. */
export function AppointmentCard({
  appointment: a,
  draggable,
  flagged,
  highlighted,
  compact = false,
  onOpen,
  onDragStart,
  onDragEnd,
}: Props) {
  const { t } = useTranslation();
  const { token } = antdTheme.useToken();
  const muted = a.status === 'cancelled' || a.status === 'no_show';
  const color = STATUS_COLORS[a.status];
  const accent =
    flagged || color === 'red'
      ? token.colorError
      : color === 'green'
        ? token.colorSuccess
        : color === 'cyan'
          ? token.cyan6
          : color === 'default'
            ? token.colorBorder
            : token.colorPrimary;
  const work = workSummary(a.requestedWork);
  const sa = (
    <Typography.Text type={a.assignedSa ? undefined : 'secondary'} style={{ fontSize: 13 }} data-testid="card-sa">
      <UserOutlined /> {a.assignedSa ? a.assignedSa.name : compact ? t('appointment.noSaShort') : t('appointment.noSa')}
    </Typography.Text>
  );
  return (
    // biome-ignore lint/a11y/useSemanticElements: a draggable card holding block content; it keeps the button role and keyboard
    <div
      role="button"
      tabIndex={0}
      title={compact ? `${dealerTimeOf(a.startsAt)} ${a.customer.name} · ${work}` : undefined}
      data-testid="appointment-card"
      data-plate={a.vehicle.plate}
      data-id={a.id}
      data-status={a.status}
      data-highlighted={highlighted || undefined}
      className={`sb-appt-card${highlighted ? ' sb-appt-card-highlight' : ''}`}
      draggable={draggable}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen();
        }
      }}
      style={{
        borderInlineStart: `4px solid ${accent}`,
        opacity: muted ? 0.6 : 1,
        cursor: draggable ? 'grab' : 'pointer',
        background: flagged ? token.colorErrorBg : token.colorBgContainer,
        padding: compact ? '6px 8px' : undefined,
      }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
        {!compact && (
          <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
            {dealerTimeOf(a.startsAt)}
          </Typography.Text>
        )}
        <PlateTag plate={a.vehicle.plate} size="small" showKindTag={false} />
        <Typography.Text ellipsis style={{ maxWidth: compact ? 72 : 140, fontSize: compact ? 13 : undefined }}>
          {a.customer.name}
        </Typography.Text>
      </div>
      {!compact && (
        <Typography.Text type="secondary" ellipsis={{ tooltip: work }} style={{ display: 'block', fontSize: 13 }}>
          {work}
        </Typography.Text>
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 4, marginTop: 4 }}>
        <StatusTag status={a.status} />
        <ConfirmedTag appointment={a} />
        <ArrivalTag appointment={a} />
        <BenefitTag appointment={a} />
        {flagged && <UnassignedFlag />}
        {compact && sa}
      </div>
      {!compact && <div style={{ marginTop: 4 }}>{sa}</div>}
    </div>
  );
}
