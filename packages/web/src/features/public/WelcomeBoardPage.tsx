import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { usePublicDealer, useWelcomeBoard, type WelcomeBoard } from '../../api/public';
import { getDisplayTimeZone, setDisplayTimeZone } from '../../components/DateText';
import { salute } from '../../components/salutation';

const BG = '#0b1526';
const GOLD = '#f5c451';

function Clock() {
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    const timer = setInterval(() => setNow(dayjs()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{now.tz(getDisplayTimeZone()).format('HH:mm')}</span>;
}

function Entry({ entry }: { entry: WelcomeBoard['entries'][number] }) {
  const { t } = useTranslation();
  const arrived = entry.status === 'arrived';
  return (
    <div
      data-testid="welcome-entry"
      data-status={entry.status}
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(110px, 0.7fr) minmax(0, 2fr) minmax(0, 1.4fr) minmax(0, 1fr)',
        alignItems: 'center',
        gap: 24,
        padding: '18px 28px',
        borderRadius: 14,
        background: arrived ? 'rgba(245,196,81,0.14)' : 'rgba(255,255,255,0.05)',
        border: `1px solid ${arrived ? 'rgba(245,196,81,0.6)' : 'rgba(255,255,255,0.08)'}`,
      }}
    >
      <span style={{ fontSize: 'clamp(28px, 3.4vw, 52px)', fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: GOLD }}>
        {entry.time}
      </span>
      <span
        style={{
          fontSize: 'clamp(30px, 3.8vw, 60px)',
          fontWeight: 700,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
      >
        {t('welcome.greeting', { name: salute(t, entry.surname, entry.salutation) })}
      </span>
      <span style={{ fontSize: 'clamp(24px, 3vw, 46px)', letterSpacing: 2, fontVariantNumeric: 'tabular-nums', opacity: 0.9 }}>
        {entry.plate}
      </span>
      <span style={{ fontSize: 'clamp(18px, 1.8vw, 28px)', textAlign: 'end', color: arrived ? GOLD : 'rgba(255,255,255,0.7)' }}>
        {t(`welcome.statuses.${entry.status}`)}
      </span>
    </div>
  );
}

/** 预约欢迎看板 /welcome/:dealerCode — the lobby screen: today's appointments, by name, no login. */
export function WelcomeBoardPage() {
  const { dealerCode = '' } = useParams();
  const { t } = useTranslation();
  const dealer = usePublicDealer(dealerCode);
  const board = useWelcomeBoard(dealerCode);
  if (dealer.data) setDisplayTimeZone(dealer.data.timeZone);
  const entries = (board.data?.entries ?? []).filter((e) => e.status !== 'cancelled' && e.status !== 'no_show');
  const notFound = board.error instanceof ApiError && board.error.status === 404;

  return (
    <div
      style={{
        minHeight: '100vh',
        background: `radial-gradient(ellipse at top, #16294a 0%, ${BG} 60%)`,
        color: '#fff',
        padding: 'clamp(16px, 3vw, 48px)',
        boxSizing: 'border-box',
      }}
      data-testid="welcome-board"
    >
      <header style={{ display: 'flex', alignItems: 'flex-end', gap: 24, marginBottom: 'clamp(16px, 3vw, 40px)' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ fontSize: 'clamp(20px, 2vw, 30px)', color: GOLD, letterSpacing: 4 }}>
            {board.data?.dealerName ?? dealer.data?.name ?? ''}
          </div>
          <div style={{ fontSize: 'clamp(36px, 5vw, 80px)', fontWeight: 800, lineHeight: 1.1 }}>{t('welcome.title')}</div>
        </div>
        <div style={{ textAlign: 'end' }}>
          <div style={{ fontSize: 'clamp(36px, 4.5vw, 72px)', fontWeight: 700 }}>
            <Clock />
          </div>
          <div style={{ fontSize: 'clamp(16px, 1.6vw, 24px)', opacity: 0.75 }}>{board.data?.date ?? ''}</div>
        </div>
      </header>
      {notFound ? (
        <div style={{ fontSize: 36, opacity: 0.8, textAlign: 'center', marginTop: '15vh' }}>{t('public.dealerNotFound')}</div>
      ) : board.isPending ? (
        <div style={{ fontSize: 32, opacity: 0.6, textAlign: 'center', marginTop: '15vh' }}>{t('app.loading')}</div>
      ) : entries.length === 0 ? (
        <div style={{ fontSize: 'clamp(28px, 3vw, 48px)', opacity: 0.75, textAlign: 'center', marginTop: '15vh' }}>
          {t('welcome.empty')}
        </div>
      ) : (
        <div style={{ display: 'grid', gap: 14 }}>
          {entries.map((entry, i) => (
            <Entry key={`${entry.time}-${entry.plate}-${i}`} entry={entry} />
          ))}
        </div>
      )}
      {board.isError && !notFound && (
        <div style={{ position: 'fixed', bottom: 12, right: 16, fontSize: 14, opacity: 0.6 }}>{t('welcome.offline')}</div>
      )}
    </div>
  );
}
