import { ClockCircleOutlined, CompressOutlined, ExpandOutlined, ToolOutlined, UserOutlined, WarningOutlined } from '@ant-design/icons';
import { theme as antdTheme, Badge, Button, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BoardEntry } from '../../api/repairOrders';
import { dealerDate, dealerDateOf, dealerTimeOf } from '../../components/dealerTime';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { salute } from '../../components/salutation';
import { type BOARD_STAGES, type BoardColumn, boardColumns, hoursProgress } from './board';
import { type BoardConnection, useLiveBoard } from './useLiveBoard';

const STAGE_COLORS: Record<(typeof BOARD_STAGES)[number], string> = {
  authorised: '#1565c0',
  in_progress: '#d48806',
  quality_check: '#722ed1',
  ready: '#389e0d',
};
const RED = '#cf1322';
const ORANGE = '#fa8c16';

function ConnectionBadge({ connection }: { connection: BoardConnection }) {
  const { t } = useTranslation();
  const status = connection === 'live' ? 'processing' : connection === 'connecting' ? 'default' : 'warning';
  return (
    <span data-testid="board-connection" data-state={connection} style={{ display: 'inline-flex', alignItems: 'center' }}>
      <Badge
        status={status}
        color={connection === 'live' ? '#52c41a' : undefined}
        text={<Typography.Text strong={connection === 'live'}>{t(`liveBoard.connection.${connection}`)}</Typography.Text>}
      />
    </span>
  );
}

function PromisedAt({ entry }: { entry: BoardEntry }) {
  const { t } = useTranslation();
  const day = dealerDateOf(entry.promisedAt);
  const time = day === dealerDate(0) ? dealerTimeOf(entry.promisedAt) : `${day.slice(5)} ${dealerTimeOf(entry.promisedAt)}`;
  const color = entry.atRiskReason === 'overdue' ? RED : entry.atRisk ? ORANGE : undefined;
  return (
    <span style={{ color, fontWeight: entry.atRisk ? 700 : 500, fontVariantNumeric: 'tabular-nums' }} data-testid="board-promised">
      <ClockCircleOutlined /> {t('liveBoard.promised', { time })}
    </span>
  );
}

function EntryCard({ entry, sa, showDealer }: { entry: BoardEntry; sa: string | undefined; showDealer: boolean }) {
  const { t } = useTranslation();
  const { token } = antdTheme.useToken();
  const progress = hoursProgress(entry);
  const overdue = entry.atRiskReason === 'overdue';
  const accent = overdue ? RED : entry.atRisk ? ORANGE : (STAGE_COLORS[entry.stage as keyof typeof STAGE_COLORS] ?? token.colorBorder);
  return (
    <Link
      to={`/repair-orders/${entry.repairOrderId}`}
      data-testid="board-card"
      data-number={entry.number}
      data-stage={entry.stage}
      data-at-risk={entry.atRisk}
      data-risk={entry.atRiskReason ?? ''}
      data-rework={entry.reworkCount}
      style={{
        display: 'grid',
        gap: 6,
        padding: '10px 12px',
        borderRadius: 10,
        background: overdue ? '#fff1f0' : entry.atRisk ? '#fff7e6' : token.colorBgContainer,
        border: `1px solid ${overdue ? '#ffa39e' : entry.atRisk ? '#ffd591' : token.colorBorderSecondary}`,
        borderInlineStart: `6px solid ${accent}`,
        color: token.colorText,
        textDecoration: 'none',
        boxShadow: '0 1px 2px rgba(0,0,0,0.04)',
      }}
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', justifyContent: 'space-between' }}>
        <PlateTag plate={entry.plate} showKindTag={false} />
        <Space size={4} wrap>
          {overdue && (
            <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }} data-testid="board-overdue">
              {t('liveBoard.overdue')}
            </Tag>
          )}
          {entry.atRisk && !overdue && (
            <Tag color="warning" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }} data-testid="board-at-risk">
              {t('liveBoard.atRisk')}
            </Tag>
          )}
          {entry.reworkCount > 0 && (
            <Tag color="magenta" style={{ marginInlineEnd: 0 }} data-testid="board-rework">
              {t('liveBoard.rework', { count: entry.reworkCount })}
            </Tag>
          )}
        </Space>
      </div>
      <div style={{ fontSize: 13, color: token.colorTextSecondary, display: 'flex', gap: 6, flexWrap: 'wrap' }}>
        <span style={{ fontWeight: 600, color: token.colorText }}>{entry.number}</span>
        {showDealer && <span data-testid="board-dealer">{entry.dealer.name}</span>}
        {entry.modelName && <span>{entry.modelName}</span>}
        <span data-testid="board-customer">{salute(t, entry.customerSurname, entry.customerSalutation)}</span>
      </div>
      <div style={{ display: 'grid', gap: 2, fontSize: 14 }}>
        <span data-testid="board-sa">
          <UserOutlined /> {t('liveBoard.sa')}：{sa ?? t('common.none')}
        </span>
        <span data-testid="board-technicians">
          <ToolOutlined /> {t('liveBoard.technicians')}：
          {entry.technicians.length === 0 ? (
            <Typography.Text type="secondary">{t('liveBoard.notDispatched')}</Typography.Text>
          ) : (
            entry.technicians.map((p, i) => (
              <span key={p.id}>
                {i > 0 && '、'}
                {p.clockedOn ? (
                  <Tooltip title={t('liveBoard.clockedOn')}>
                    <Badge status="processing" color="#52c41a" text={p.name} />
                  </Tooltip>
                ) : (
                  p.name
                )}
              </span>
            ))
          )}
          {entry.bay && <Tag style={{ marginInlineStart: 8 }}>{entry.bay.name}</Tag>}
        </span>
      </div>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap', justifyContent: 'space-between' }}>
        <PromisedAt entry={entry} />
        {entry.soldHours > 0 && entry.stage !== 'ready' && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('liveBoard.remaining', { hours: entry.remainingHours })}
          </Typography.Text>
        )}
      </div>
      {progress !== null && entry.stage !== 'ready' && (
        <Tooltip title={t('liveBoard.hours', { clocked: entry.clockedHours, sold: entry.soldHours })}>
          <Progress
            percent={progress}
            size="small"
            showInfo={false}
            strokeColor={entry.atRisk ? accent : STAGE_COLORS.in_progress}
            style={{ margin: 0 }}
          />
        </Tooltip>
      )}
    </Link>
  );
}

function Column({ column, showDealer }: { column: BoardColumn; showDealer: boolean }) {
  const { t } = useTranslation();
  const { token } = antdTheme.useToken();
  return (
    <section
      data-testid="board-column"
      data-stage={column.stage}
      style={{
        display: 'grid',
        alignContent: 'start',
        gap: 10,
        minWidth: 0,
        background: token.colorFillQuaternary,
        borderRadius: 12,
        padding: 10,
      }}
    >
      <header
        style={{ display: 'flex', alignItems: 'center', gap: 8, borderBottom: `3px solid ${STAGE_COLORS[column.stage]}`, paddingBottom: 6 }}
      >
        <Typography.Text strong style={{ fontSize: 'clamp(16px, 1.4vw, 22px)' }}>
          {t(`liveBoard.stages.${column.stage}`)}
        </Typography.Text>
        <Badge count={column.entries.length} showZero color={STAGE_COLORS[column.stage]} data-testid="board-column-count" />
        {column.atRisk > 0 && (
          <Tag color="error" style={{ marginInlineStart: 'auto', marginInlineEnd: 0 }}>
            {t('liveBoard.atRiskCount', { count: column.atRisk })}
          </Tag>
        )}
      </header>
      {column.entries.length === 0 ? (
        <Typography.Text type="secondary" style={{ textAlign: 'center', padding: 12 }}>
          {t('liveBoard.columnEmpty')}
        </Typography.Text>
      ) : (
        column.entries.map((entry) => (
          <EntryCard key={entry.repairOrderId} entry={entry} sa={entry.serviceAdvisor?.name} showDealer={showDealer} />
        ))
      )}
    </section>
  );
}

function useFullscreen(target: RefObject<HTMLElement | null>) {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const onChange = () => setOn(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const supported = typeof document !== 'undefined' && document.fullscreenEnabled;
  // On a wall screen the board grows with the screen (a 1920-pixel TV shows it a third larger).
  const zoom = on ? Math.min(1.75, Math.max(1, window.innerWidth / 1440)) : 1;
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void target.current?.requestFullscreen();
  };
  return { on, supported, toggle, zoom };
}

/** 车间电子看板: every car in the workshop by stage, live, with the ones whose promised time is at risk flagged. */
export function WorkshopBoardPage() {
  const { t } = useTranslation();
  const { token } = antdTheme.useToken();
  const carMaker = useIsCarMaker();
  const [dealerId, setDealerId] = useState<string | undefined>();
  const { board, connection } = useLiveBoard({ live: !carMaker, dealerId });
  const container = useRef<HTMLDivElement>(null);
  const fullscreen = useFullscreen(container);
  const entries = board.data?.entries;
  const columns = useMemo(() => boardColumns(entries ?? []), [entries]);

  return (
    <div
      ref={container}
      data-testid="workshop-board"
      style={{
        display: 'grid',
        gap: 12,
        gridTemplateColumns: 'minmax(0, 1fr)',
        alignContent: 'start',
        background: fullscreen.on ? token.colorBgLayout : undefined,
        padding: fullscreen.on ? 16 : 0,
        overflow: fullscreen.on ? 'auto' : undefined,
        zoom: fullscreen.zoom,
      }}
    >
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('liveBoard.title')}
        </Typography.Title>
        {carMaker ? <NetworkDealerFilter value={dealerId} onChange={setDealerId} /> : <ConnectionBadge connection={connection} />}
        {board.data && (
          <Typography.Text type="secondary" data-testid="board-updated">
            {t('liveBoard.updatedAt', { time: dealerTimeOf(board.data.generatedAt) })}
          </Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        {board.data && (
          <Space size={8} wrap>
            <Tag style={{ fontSize: 14, padding: '2px 10px' }}>{t('liveBoard.total', { count: board.data.entries.length })}</Tag>
            <Tag
              color={board.data.atRiskCount > 0 ? 'error' : 'success'}
              style={{ fontSize: 14, padding: '2px 10px' }}
              data-testid="board-at-risk-count"
            >
              {t('liveBoard.atRiskCount', { count: board.data.atRiskCount })}
            </Tag>
          </Space>
        )}
        {fullscreen.supported && (
          <Button icon={fullscreen.on ? <CompressOutlined /> : <ExpandOutlined />} onClick={fullscreen.toggle}>
            {fullscreen.on ? t('liveBoard.exitFullscreen') : t('liveBoard.fullscreen')}
          </Button>
        )}
      </div>
      {!board.data ? (
        board.isError ? (
          <ErrorState error={board.error} onRetry={() => void board.refetch()} />
        ) : (
          <PageSkeleton cards={2} />
        )
      ) : board.data.entries.length === 0 ? (
        <div style={{ background: token.colorBgContainer, borderRadius: 12, padding: 24 }}>
          <EmptyState description={t('liveBoard.empty')} />
        </div>
      ) : (
        <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', alignItems: 'start' }}>
          {columns.map((column) => (
            <Column key={column.stage} column={column} showDealer={carMaker} />
          ))}
        </div>
      )}
    </div>
  );
}
