import { CarOutlined, PhoneFilled, UserOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Space, Tag, Timeline, Typography } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CallAttempt, CallScreen } from '../../api/followUp';
import { ConsentTags } from '../../components/ConsentTags';
import { formatDate, formatDateTime } from '../../components/DateText';
import { PlateTag } from '../../components/PlateTag';
import { AppointmentLink } from './AppointmentLink';
import { satisfactionColor } from './followUp';
import { PredictionDetails } from './MaintenancePrediction';

/** 客户360: who to call, on what number, may we call, their cars, the prediction and the last visits. */
export function CustomerSummaryCard({ screen }: { screen: CallScreen }) {
  const { t } = useTranslation();
  const { customer, vehicle, recentVisits } = screen;
  const none = t('common.none');
  return (
    <Card
      title={
        <span>
          <UserOutlined /> {t('followUp.call.customer')}
        </span>
      }
      data-testid="call-customer"
    >
      <div style={{ display: 'grid', gap: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Link to={`/customers/${customer.id}`} style={{ fontSize: 20, fontWeight: 600 }} data-testid="call-customer-name">
            {customer.name}
          </Link>
        </div>
        <Button
          type="primary"
          size="large"
          icon={<PhoneFilled />}
          href={`tel:${customer.mobile}`}
          data-testid="call-dial"
          style={{ justifySelf: 'start', fontVariantNumeric: 'tabular-nums', fontSize: 18, height: 48 }}
        >
          {customer.mobile}
        </Button>
        {!customer.consent.phone && (
          <Typography.Text type="danger" data-testid="call-no-phone-consent">
            {t('followUp.call.noPhoneConsent')}
          </Typography.Text>
        )}
        <ConsentTags consent={customer.consent} />

        {vehicle && (
          <div style={{ display: 'grid', gap: 8 }} data-testid="call-vehicle">
            <Typography.Text strong>
              <CarOutlined /> {t('followUp.call.thisVehicle')}
            </Typography.Text>
            <Space wrap size={8}>
              <Link to={`/vehicles/${vehicle.id}`}>
                <PlateTag plate={vehicle.plate} />
              </Link>
              <Typography.Text>{vehicle.model ?? none}</Typography.Text>
            </Space>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('vehicle.deliveredOn')}>{formatDate(vehicle.deliveredOn) ?? none}</Descriptions.Item>
              <Descriptions.Item label={t('vehicle.lastKm')}>
                {vehicle.lastKm !== null ? t('common.km', { km: vehicle.lastKm.toLocaleString() }) : none}
              </Descriptions.Item>
            </Descriptions>
            {vehicle.prediction ? (
              <div style={{ background: 'rgba(21, 101, 192, 0.05)', borderRadius: 8, padding: '8px 12px' }}>
                <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
                  {t('prediction.title')}
                </Typography.Text>
                <PredictionDetails prediction={vehicle.prediction} />
              </div>
            ) : (
              <Typography.Text type="secondary">{t('prediction.none')}</Typography.Text>
            )}
          </div>
        )}

        {customer.vehicles.length > (vehicle ? 1 : 0) && (
          <div style={{ display: 'grid', gap: 6 }}>
            <Typography.Text strong>{t('followUp.call.vehicles')}</Typography.Text>
            <Space wrap size={8}>
              {customer.vehicles.map((v) => (
                <Link key={v.id} to={`/vehicles/${v.id}`} data-testid="call-customer-vehicle">
                  <Space size={4}>
                    <PlateTag plate={v.plate} size="small" showKindTag={false} />
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {v.model ?? ''}
                    </Typography.Text>
                    {v.id === vehicle?.id && <Tag color="blue">{t('followUp.call.thisCall')}</Tag>}
                  </Space>
                </Link>
              ))}
            </Space>
          </div>
        )}

        <div style={{ display: 'grid', gap: 6 }}>
          <Typography.Text strong>{t('followUp.call.recentVisits')}</Typography.Text>
          {recentVisits.length === 0 ? (
            <Typography.Text type="secondary">{t('followUp.call.noVisits')}</Typography.Text>
          ) : (
            recentVisits.map((visit) => (
              <Link
                key={visit.repairOrderId}
                to={`/repair-orders/${visit.repairOrderId}`}
                data-testid="call-visit"
                style={{ display: 'grid', gap: 2, padding: '6px 8px', borderRadius: 6, background: 'rgba(0,0,0,0.02)' }}
              >
                <Space wrap size={8}>
                  <Typography.Text strong>{visit.number}</Typography.Text>
                  <PlateTag plate={visit.plate} size="small" showKindTag={false} />
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {visit.deliveredAt ? formatDateTime(visit.deliveredAt) : t('followUp.call.notDelivered')}
                  </Typography.Text>
                </Space>
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 13 }}>
                  {visit.concerns}
                </Typography.Text>
              </Link>
            ))
          )}
        </div>
      </div>
    </Card>
  );
}

const isDirection = (bracketed: string) => /[：:]/.test(bracketed) || /^[（(](记录|Record)/.test(bracketed);

/** A script step with its stage directions — （不是本人：…） — set apart from what is said. */
function ScriptText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(/（[^）]*）|\([^)]*\)/g)) {
    // A stage direction says what to do (（不是本人：…）, （记录里程）); a plate in brackets is said aloud.
    if (!isDirection(match[0])) continue;
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(
      <Typography.Text key={match.index} type="secondary" italic style={{ fontSize: 14 }}>
        {match[0]}
      </Typography.Text>,
    );
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </>
  );
}

/** 话术: the rule's script with the customer's details filled in, step by step. */
export function ScriptCard({ script }: { script: CallScreen['script'] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('followUp.call.script')} extra={<Tag>{script.title}</Tag>} data-testid="call-script">
      {script.steps.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('followUp.call.noScript')} />
      ) : (
        <ol style={{ margin: 0, padding: 0, listStyle: 'none', display: 'grid', gap: 14 }}>
          {script.steps.map((step, i) => (
            <li key={i} style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }} data-testid="script-step">
              <span
                aria-hidden
                style={{
                  flex: 'none',
                  width: 28,
                  height: 28,
                  borderRadius: 14,
                  background: '#1565c0',
                  color: '#fff',
                  display: 'grid',
                  placeItems: 'center',
                  fontWeight: 600,
                  fontSize: 14,
                }}
              >
                {i + 1}
              </span>
              <Typography.Paragraph style={{ margin: 0, fontSize: 16, lineHeight: 1.7 }}>
                <ScriptText text={step} />
              </Typography.Paragraph>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

const RESULT_COLORS: Record<CallAttempt['result'], string> = {
  reached: 'green',
  not_owner: 'gold',
  call_back: 'blue',
  no_answer: 'default',
  wrong_number: 'red',
};

/** 拨打记录: every attempt, newest first. */
export function AttemptsCard({ attempts }: { attempts: CallAttempt[] }) {
  const { t } = useTranslation();
  const sorted = [...attempts].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Card
      title={t('followUp.call.history')}
      extra={<Typography.Text type="secondary">{t('followUp.attempts', { count: attempts.length })}</Typography.Text>}
      data-testid="call-history"
    >
      {sorted.length === 0 ? (
        <Typography.Text type="secondary">{t('followUp.noAttempts')}</Typography.Text>
      ) : (
        <Timeline
          items={sorted.map((a) => ({
            color: RESULT_COLORS[a.result],
            content: (
              <div style={{ display: 'grid', gap: 4 }} data-testid="attempt" data-result={a.result}>
                <Space wrap size={8}>
                  <Tag color={RESULT_COLORS[a.result]} style={{ marginInlineEnd: 0 }}>
                    {a.appointmentId ? t('followUp.call.bookedInCall') : t(`followUp.results.${a.result}`)}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {formatDateTime(a.at)} · {a.agent?.name ?? t('common.none')}
                  </Typography.Text>
                </Space>
                {a.appointmentId && <AppointmentLink id={a.appointmentId} />}
                {a.userName && <Typography.Text>{t('followUp.call.userIs', { name: a.userName })}</Typography.Text>}
                {a.callBackAt && <Typography.Text>{t('followUp.callBackAt', { time: formatDateTime(a.callBackAt) })}</Typography.Text>}
                {a.reportedKm !== null && (
                  <Typography.Text>{t('followUp.call.reportedKmIs', { km: a.reportedKm.toLocaleString() })}</Typography.Text>
                )}
                {a.servicedElsewhere && (
                  <Typography.Text>{t('followUp.call.servicedElsewhereIs', { place: a.servicedElsewhere })}</Typography.Text>
                )}
                {a.satisfaction && (
                  <span>
                    <Tag color={satisfactionColor(a.satisfaction)}>{t(`followUp.satisfaction.${a.satisfaction}`)}</Tag>
                  </span>
                )}
                {a.dissatisfaction && (
                  <Typography.Text type="danger">
                    {t('followUp.call.dissatisfactionIs', {
                      category: t(`followUp.categories.${a.dissatisfaction.category}`),
                      description: a.dissatisfaction.description,
                    })}
                  </Typography.Text>
                )}
                {a.notes && <Typography.Text type="secondary">“{a.notes}”</Typography.Text>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
