import { Result, Skeleton, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { type PublicAppointment, publicApi, usePublicDealer } from '../../api/public';
import { setDisplayTimeZone } from '../../components/DateText';
import { ErrorState } from '../../components/PageState';
import { BookingBenefits } from './BookingBenefits';
import { BookingSuccess } from './BookingSuccess';
import { DetailsStep } from './DetailsStep';
import { IdentifyStep, type Identity } from './IdentifyStep';
import { PublicLayout } from './PublicLayout';

const RESEND_SECONDS = 60;

/** 在线预约 /book/:dealerCode — the customer books from their phone, no account needed. */
export function PublicBookingPage() {
  const { dealerCode = '' } = useParams();
  const { t } = useTranslation();
  const dealer = usePublicDealer(dealerCode);
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [step, setStep] = useState<'identify' | 'details' | 'done'>('identify');
  const [resendAt, setResendAt] = useState(0);
  const [booked, setBooked] = useState<{ manageToken: string; appointment: PublicAppointment } | null>(null);

  if (dealer.isPending) {
    return (
      <PublicLayout>
        <Skeleton active paragraph={{ rows: 6 }} />
      </PublicLayout>
    );
  }
  if (dealer.isError) {
    return (
      <PublicLayout>
        {dealer.error instanceof ApiError && dealer.error.status === 404 ? (
          <Result status="404" title={t('public.dealerNotFound')} />
        ) : (
          <ErrorState error={dealer.error} onRetry={() => void dealer.refetch()} />
        )}
      </PublicLayout>
    );
  }
  setDisplayTimeZone(dealer.data.timeZone);

  return (
    <PublicLayout dealerName={dealer.data.name}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('public.bookTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('public.openingHours', { opens: dealer.data.opensAt, closes: dealer.data.closesAt })}
      </Typography.Paragraph>
      {step !== 'done' && <BookingBenefits benefits={dealer.data.benefits} />}
      <Steps
        size="small"
        current={step === 'identify' ? 0 : step === 'details' ? 1 : 2}
        items={[{ title: t('public.stepIdentify') }, { title: t('public.stepDetails') }, { title: t('public.stepDone') }]}
        style={{ marginBottom: 20 }}
        responsive={false}
      />
      {step === 'identify' && (
        <IdentifyStep
          dealerCode={dealerCode}
          initial={identity}
          onSent={(who) => {
            setIdentity(who);
            setResendAt(Date.now() + RESEND_SECONDS * 1000);
            setStep('details');
          }}
        />
      )}
      {step === 'details' && identity && (
        <DetailsStep
          dealerCode={dealerCode}
          identity={identity}
          resendAt={resendAt}
          onResend={async () => {
            await publicApi.requestCode(dealerCode, identity);
            setResendAt(Date.now() + RESEND_SECONDS * 1000);
          }}
          onChangeIdentity={() => setStep('identify')}
          pickupOffer={dealer.data.pickup}
          onBooked={(result) => {
            setBooked(result);
            setStep('done');
            window.scrollTo({ top: 0 });
          }}
        />
      )}
      {step === 'done' && booked && (
        <>
          <BookingSuccess token={booked.manageToken} appointment={booked.appointment} />
          <div style={{ marginTop: 16 }}>
            <BookingBenefits benefits={dealer.data.benefits} />
          </div>
        </>
      )}
    </PublicLayout>
  );
}
