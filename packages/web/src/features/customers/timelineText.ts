import type { TimelineEvent, TimelineEventKind } from '@servicebay/contracts';
import { formatPlate, TIMELINE_EVENT_KINDS } from '@servicebay/contracts/constants';
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../components/DateText';
import i18n from '../../i18n';

type Translate = (key: string, options?: Record<string, unknown>) => string;
const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);

export const KIND_COLORS: Record<TimelineEventKind, string> = {
  'customer.created': 'green',
  'customer.updated': 'blue',
  'customer.consent_changed': 'purple',
  'customer.linked': 'cyan',
  'vehicle.created': 'green',
  'vehicle.updated': 'blue',
  'vehicle.owner_changed': 'orange',
  'vehicle.linked': 'cyan',
  'mileage.recorded': 'gray',
  'appointment.booked': 'blue',
  'visit.opened': 'green',
  'repair_order.opened': 'blue',
  'visit.delivered': 'green',
};

// Changed fields arrive as API names (mobile, modelId) or column names (plate_key, owner_id).
const FIELD_LABELS: Record<string, string> = {
  name: 'customer.name',
  mobile: 'customer.mobile',
  kind: 'customer.kind',
  gender: 'customer.gender',
  birthday: 'customer.birthday',
  email: 'customer.email',
  city: 'customer.city',
  address: 'customer.address',
  notes: 'customer.notes',
  consent: 'customer.consent',
  vin: 'vehicle.vin',
  plate: 'vehicle.plate',
  plateKey: 'vehicle.plate',
  modelId: 'vehicle.model',
  modelYear: 'vehicle.modelYear',
  color: 'vehicle.color',
  fuelType: 'vehicle.fuelType',
  useType: 'vehicle.useType',
  deliveredOn: 'vehicle.deliveredOn',
  ownerId: 'vehicle.owner',
  userId: 'vehicle.user',
  insuranceExpiresOn: 'vehicle.insuranceExpiresOn',
  inspectionDueOn: 'vehicle.inspectionDueOn',
};

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function fieldLabel(field: string): string {
  const key = FIELD_LABELS[camel(field)];
  return key ? tr(key) : field;
}

export const isTimelineEventKind = (kind: string): kind is TimelineEventKind => (TIMELINE_EVENT_KINDS as readonly string[]).includes(kind);

/** The event's name in the reader's language; never the internal code, even for a kind this build does not know. */
export function kindTitle(kind: string): string {
  return isTimelineEventKind(kind) ? tr(`timeline.kinds.${kind}`) : tr('timeline.kinds.unknown');
}

/** One line saying what happened, from the event's data. */
export function eventDetail(event: TimelineEvent, t: TFunction): string | null {
  const d = event.data;
  const separator = i18n.language === 'en' ? ', ' : '、';
  switch (event.kind) {
    case 'mileage.recorded':
      if (typeof d.km === 'number') {
        const km = d.km.toLocaleString();
        const date = typeof d.readOn === 'string' ? d.readOn : '';
        return d.odometerReplaced ? t('timeline.details.mileageReplaced', { km, date }) : t('timeline.details.mileage', { km, date });
      }
      return null;
    case 'repair_order.opened':
      return typeof d.number === 'string' ? t('timeline.details.repairOrder', { number: d.number }) : null;
    case 'visit.delivered':
      if (typeof d.number !== 'string') return null;
      return typeof d.nextDueOn === 'string'
        ? t('timeline.details.nextDue', { number: d.number, date: d.nextDueOn })
        : t('timeline.details.repairOrder', { number: d.number });
    case 'appointment.booked':
      return typeof d.startsAt === 'string' ? t('timeline.details.appointmentAt', { time: formatDateTime(d.startsAt) }) : null;
    case 'vehicle.created':
      return typeof d.plate === 'string' ? t('timeline.details.plate', { plate: formatPlate(d.plate) }) : null;
    case 'vehicle.linked':
      return d.by === 'vin' ? t('timeline.details.linkedByVin') : d.by === 'plate' ? t('timeline.details.linkedByPlate') : null;
    case 'customer.consent_changed':
      if (d.consent && typeof d.consent === 'object') {
        const consent = Object.entries(d.consent as Record<string, boolean>)
          .map(([channel, on]) => `${tr(`customer.channels.${channel}`)} ${on ? t('customer.consentOn') : t('customer.consentOff')}`)
          .join(separator);
        return t('timeline.details.consent', { consent });
      }
      return null;
    default:
      if (Array.isArray(d.fields) && d.fields.length > 0) {
        return t('timeline.details.fields', { fields: d.fields.map((f) => fieldLabel(String(f))).join(separator) });
      }
      return null;
  }
}
