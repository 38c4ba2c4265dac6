import { CalendarOutlined, LoginOutlined, PhoneOutlined } from '@ant-design/icons';
import type { Vehicle } from '@servicebay/contracts';
import { Button, Dropdown } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCustomerOpenCalls } from '../../api/customers';
import { useCan, useUser } from '../../app/session';
import { tr } from './historyText';

/**
 * The 360 page's next steps, each only for those allowed to take it: book (the booking page with
 * the car chosen), check in and open an RO (reception with the car), call (the phone, and the care
 * call waiting for this customer, if any).
 */
export function CustomerNextActions({ customerId, mobile, vehicles }: { customerId: string; mobile: string; vehicles: Vehicle[] }) {
  const { t } = useTranslation();
  const isDealer = !!useUser().dealer;
  const canBook = useCan('appointment.book') && isDealer;
  const canCheckIn = useCan('repair_order.write') && isDealer;
  const makesCalls = useCan('follow_up.work') && isDealer;
  const openCalls = useCustomerOpenCalls(customerId, makesCalls);
  // A masked mobile (the workshop floor's view) cannot be dialled.
  const callable = /^\d{11}$/.test(mobile);

  return (
    <>
      {canBook && (
        <VehicleAction
          icon={<CalendarOutlined />}
          label={t('customerHistory.actions.book')}
          path="/appointments/new"
          vehicles={vehicles}
          testId="customer-book"
        />
      )}
      {canCheckIn && (
        <VehicleAction
          icon={<LoginOutlined />}
          label={t('customerHistory.actions.checkIn')}
          path="/reception/new"
          vehicles={vehicles}
          testId="customer-check-in"
        />
      )}
      {callable && (
        <Button size="large" icon={<PhoneOutlined />} href={`tel:${mobile}`} data-testid="customer-call">
          {t('customerHistory.actions.call')}
        </Button>
      )}
      {(openCalls.data ?? []).map((task) => (
        <CallTaskButton
          key={task.id}
          id={task.id}
          label={t('customerHistory.actions.callTask', { rule: tr(`followUp.rules.${task.rule}`) })}
        />
      ))}
    </>
  );
}

function CallTaskButton({ id, label }: { id: string; label: string }) {
  const navigate = useNavigate();
  return (
    <Button size="large" icon={<PhoneOutlined />} onClick={() => void navigate(`/follow-up/${id}`)} data-testid="customer-call-task">
      {label}
    </Button>
  );
}

/** One car: straight to the page with it; several: choose the plate first; none: the page's own finder. */
function VehicleAction({
  icon,
  label,
  path,
  vehicles,
  testId,
}: {
  icon: ReactNode;
  label: string;
  path: string;
  vehicles: Vehicle[];
  testId: string;
}) {
  const navigate = useNavigate();
  if (vehicles.length > 1) {
    return (
      <Dropdown
        menu={{
          items: vehicles.map((v) => ({ key: v.id, label: v.plate })),
          onClick: ({ key }) => void navigate(`${path}?vehicleId=${key}`),
        }}
        trigger={['click']}
      >
        <Button size="large" icon={icon} data-testid={testId}>
          {label}
        </Button>
      </Dropdown>
    );
  }
  const target = vehicles.length === 1 ? `${path}?vehicleId=${vehicles[0]!.id}` : path;
  return (
    <Button size="large" icon={icon} onClick={() => void navigate(target)} data-testid={testId}>
      {label}
    </Button>
  );
}
