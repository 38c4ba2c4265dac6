// Message templates in zh-CN and English. Variables are {name}; a missing variable is an error,
// so a half-filled SMS never leaves.

export type Locale = 'zh-CN' | 'en';

const TEMPLATES = {
  'otp.code': {
    'zh-CN': { body: '【{dealer}】您的预约验证码为 {code}，10分钟内有效。如非本人操作请忽略。' },
    en: { body: '[{dealer}] Your booking code is {code}. It expires in 10 minutes. Ignore this message if you did not ask for it.' },
  },
  'appointment.booked': {
    'zh-CN': {
      body: '【{dealer}】{name}您好，您的车辆 {plate} 已预约 {time} 进店（预约号 {number}）。查看、改期或取消：{link} 加入日历：{calendar}',
    },
    en: {
      body: '[{dealer}] Dear {name}, your visit with {plate} is booked for {time} (booking {number}). View, move or cancel: {link} Add to calendar: {calendar}',
    },
  },
  'appointment.booked_benefits': {
    'zh-CN': {
      body: '【{dealer}】{name}您好，您的车辆 {plate} 已预约 {time} 进店（预约号 {number}）。准时到店（预约时间前后{window}分钟内）可享：{benefits}。查看、改期或取消：{link} 加入日历：{calendar}',
    },
    en: {
      body: '[{dealer}] Dear {name}, your visit with {plate} is booked for {time} (booking {number}). Arrive on time (within {window} minutes) for: {benefits}. View, move or cancel: {link} Add to calendar: {calendar}',
    },
  },
  'benefit.labour_discount': { 'zh-CN': { body: '工时费{percent}%优惠' }, en: { body: '{percent}% off labour' } },
  'benefit.dedicated_lane': { 'zh-CN': { body: '预约专用通道、无需排队' }, en: { body: 'the dedicated lane, no queue' } },
  'benefit.apology_gift': { 'zh-CN': { body: '如因我们的原因让您久等，赠送{gift}' }, en: { body: 'a {gift} if we keep you waiting' } },
  'appointment.moved': {
    'zh-CN': { body: '【{dealer}】{name}您好，您的预约 {number} 已改至 {time}。详情：{link}' },
    en: { body: '[{dealer}] Dear {name}, your booking {number} has moved to {time}. Details: {link}' },
  },
  'appointment.cancelled': {
    'zh-CN': { body: '【{dealer}】{name}您好，您 {time} 的预约 {number} 已取消。如需重新预约请致电或访问 {link}' },
    en: { body: '[{dealer}] Dear {name}, your booking {number} for {time} is cancelled. To book again, call us or visit {link}' },
  },
  'appointment.day_before': {
    'zh-CN': {
      body: '【{dealer}】{name}您好，温馨提醒：您已预约明天 {time} 为车辆 {plate} 进店服务，我们已为您预留工位和配件。如需改期请点击 {link} 或回电。',
    },
    en: {
      body: '[{dealer}] Dear {name}, a reminder: your visit with {plate} is tomorrow at {time}; a bay and your parts are reserved. To move it: {link} or call us.',
    },
  },
  'repair_order.additional_work': {
    'zh-CN': {
      body: '【{dealer}】您好，您的车辆 {plate} 在维修中发现需增加项目：{description}，费用 {price} 元。请点击 {link} 查看原因和照片并确认是否同意（{hours}小时内有效）。',
    },
    en: {
      body: '[{dealer}] While working on {plate} we found additional work: {description}, {price} yuan. See why, with photos, and approve or decline: {link} (valid {hours} hours).',
    },
  },
  'pickup.set_out': {
    'zh-CN': {
      body: '【{dealer}】{name}您好，司机{driver}已出发前往{address}接送您的车辆 {plate}，预计 {window} 到达。如有变化请致电 {phone}。',
    },
    en: {
      body: '[{dealer}] Dear {name}, our driver {driver} has set out to {address} for {plate} and will arrive {window}. Any change: call {phone}.',
    },
  },
  'pickup.car_back': {
    'zh-CN': { body: '【{dealer}】{name}您好，您的车辆 {plate} 已送达{address}，感谢您选择我们的上门取送车服务。' },
    en: { body: '[{dealer}] Dear {name}, your car {plate} is back at {address}. Thank you for using our pick-up and delivery.' },
  },
  'follow_up.maintenance_due': {
    'zh-CN': {
      body: '【{dealer}】{name}您好，您的车辆 {plate} 预计将于 {dueOn} 前后需要定期保养。提前预约可为您预留工位和配件、减少等待，欢迎致电预约。回复退订不再接收提醒。',
    },
    en: {
      body: '[{dealer}] Dear {name}, your car {plate} is due for its periodic maintenance around {dueOn}. Book ahead and we will have a bay and the parts ready. Reply STOP to opt out.',
    },
  },
  'survey.invitation': {
    'zh-CN': {
      body: '【{dealer}】{name}您好，感谢您选择我们为车辆 {plate} 服务。请花两分钟告诉我们您的感受：{link}（{days}天内有效）。回复退订不再接收。',
    },
    en: {
      body: '[{dealer}] Dear {name}, thank you for having {plate} serviced with us. Two minutes to tell us how it went: {link} (open for {days} days). Reply STOP to opt out.',
    },
  },
  'rescue.dispatched': {
    'zh-CN': {
      body: '【{dealer}】您好，您的救援请求（{number}）已受理，救援车辆“{unit}”正赶往{location}，联系电话 {phone}。请在安全地点等候，开启双闪并放置警示牌。',
    },
    en: {
      body: '[{dealer}] Your rescue request {number} is on its way: {unit} is heading to {location}, phone {phone}. Please wait somewhere safe with your hazard lights on and the warning triangle out.',
    },
  },
  'activity.invitation': {
    'zh-CN': {
      body: '【{dealer}】{name}您好，诚邀您参加“{title}”，时间 {time}，地点 {place}。名额有限，报名或取消请点击 {link}。回复退订不再接收。',
    },
    en: {
      body: '[{dealer}] Dear {name}, you are invited to "{title}" on {time} at {place}. Places are limited: sign up or cancel at {link}. Reply STOP to opt out.',
    },
  },
} as const;

export type TemplateId = keyof typeof TEMPLATES;

export function renderTemplate(
  id: TemplateId,
  locale: Locale,
  variables: Record<string, string | number>,
): { subject: string | null; body: string } {
  const template = TEMPLATES[id][locale] ?? TEMPLATES[id]['zh-CN'];
  const body = template.body.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in variables)) throw new Error(`template ${id}: missing variable ${key}`);
    return String(variables[key]);
  });
  return { subject: 'subject' in template ? String((template as { subject: string }).subject) : null, body };
}

const LIST_SEPARATOR: Record<Locale, string> = { 'zh-CN': '；', en: '; ' };

/** The benefits of keeping an appointment on time, as one phrase of an SMS; null when there are none. */
export function bookingBenefitsText(
  offer: { labourDiscountPercent: number; dedicatedLane: boolean; apologyGift: string } | null,
  locale: Locale,
): string | null {
  if (!offer) return null;
  const parts = [
    offer.labourDiscountPercent > 0
      ? renderTemplate('benefit.labour_discount', locale, { percent: offer.labourDiscountPercent }).body
      : null,
    offer.dedicatedLane ? renderTemplate('benefit.dedicated_lane', locale, {}).body : null,
    offer.apologyGift ? renderTemplate('benefit.apology_gift', locale, { gift: offer.apologyGift }).body : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(LIST_SEPARATOR[locale]) : null;
}
