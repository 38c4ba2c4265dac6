import type { CareRule } from '@servicebay/contracts';

// The call scripts (话术) of each timer, adapted from the care centre's scripts in
// shared/seeds/003 (proactive booking, follow-up after service). {name} etc. are filled from the task.

type Script = { title: string; steps: string[] };
type Locale = 'zh-CN' | 'en';

const OPENING_ZH =
  '早上好/下午好/您好！我是{dealer}客户关怀中心的{agent}，请问您是{name}吗？（不是本人：了解并记录使用人的信息）请问您现在方便接听电话吗？（不方便：约定下次回访时间）';
const OPENING_EN =
  'Good morning / afternoon! This is {agent} from the {dealer} customer care centre. Am I speaking with {name}? (If not: ask for and record who uses the car.) Is now a good time to talk? (If not: agree a time to call back.)';
const CLOSING_ZH = '非常感谢您接听我的电话，如有任何需要请随时致电我们。祝您驾车愉快！';
const CLOSING_EN = 'Thank you very much for your time. If there is anything we can do, please call us at any time. Safe driving!';

const SCRIPTS: Record<CareRule, Record<Locale, Script>> = {
  new_car: {
    'zh-CN': {
      title: '新车回访',
      steps: [
        OPENING_ZH,
        '感谢您选择我们！您的新车（{plate}）于{deliveredOn}交付，想了解一下这几天的使用情况是否良好？',
        '对购车过程和交车讲解是否满意？有哪些地方需要我们改进？',
        '温馨提示：首次保养免费，在6个月或5000公里内（以先到者为准）进行，届时我们会提前提醒您。',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'New-car follow-up',
      steps: [
        OPENING_EN,
        'Thank you for choosing us! Your new car ({plate}) was delivered on {deliveredOn}. How has it been so far?',
        'Were you happy with the purchase and the handover? Is there anything we could do better?',
        'A tip: the first maintenance is free within 6 months or 5,000 km, whichever comes first; we will remind you in time.',
        CLOSING_EN,
      ],
    },
  },
  first_maintenance: {
    'zh-CN': {
      title: '首保提醒',
      steps: [
        OPENING_ZH,
        '您的爱车（{plate}）已经交付一段时间了，请问现在行驶了多少公里？（记录里程）',
        '首次保养免费，需在6个月或5000公里内完成。我能提前和您预约进厂时间吗？以便提前安排好人员、工位和零件，减少您的等待时间。',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'First maintenance reminder',
      steps: [
        OPENING_EN,
        'Your car ({plate}) has been with you for a while now. How many kilometres has it done? (Record the mileage.)',
        'The first maintenance is free within 6 months or 5,000 km. May I book a time for you now, so the advisor, a bay and the parts are ready and you wait less?',
        CLOSING_EN,
      ],
    },
  },
  post_service: {
    'zh-CN': {
      title: '服务后回访',
      steps: [
        OPENING_ZH,
        '您的车辆（{plate}）于{lastServiceOn}在我店进行了保养维修，想了解一下您对这次服务是否满意？车辆现在使用情况是否良好？（不好：详细记录问题）',
        '您觉得我们哪些地方需要改进呢？（如有抱怨：记录为不满意并说明类别，转投诉处理）',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'Follow-up after service',
      steps: [
        OPENING_EN,
        'Your car ({plate}) was serviced with us on {lastServiceOn}. Were you satisfied with the visit? Is the car running well? (If not: record the problem in detail.)',
        'Is there anything we could do better? (Any complaint: record the dissatisfaction with its category; it goes to complaint handling.)',
        CLOSING_EN,
      ],
    },
  },
  periodic_maintenance: {
    'zh-CN': {
      title: '定期保养提醒',
      steps: [
        OPENING_ZH,
        '您的车辆（{plate}）于{lastServiceOn}进厂保养后一直没来过，所以我们特地打个电话关心一下车辆现在的使用情况。',
        '您现在行驶了多少公里了呢？这段时间保养维修都有做吗？（如有：询问保养维修的地点）',
        '根据保养间隔，您的车辆预计在{dueOn}（或{dueKm}公里）需要保养。我能提前和您预约进厂时间吗？以便提前安排好人员、工位和零件，减少您的等待时间。（未到公里数：请在到达时致电预约，我们也会再与您联系）',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'Periodic maintenance reminder',
      steps: [
        OPENING_EN,
        'Your car ({plate}) was last serviced with us on {lastServiceOn}, so we are calling to see how it is doing.',
        'How many kilometres has it done now? Has it been serviced anywhere since? (If so: ask where.)',
        'By its service interval the car is due around {dueOn} (or at {dueKm} km). May I book a time now, so the advisor, a bay and the parts are ready? (Not due yet: ask them to call when it is; we will call again too.)',
        CLOSING_EN,
      ],
    },
  },
  lost_customer: {
    'zh-CN': {
      title: '流失客户关怀',
      steps: [
        OPENING_ZH,
        '您的车辆（{plate}）上次在我店保养是{lastServiceOn}，已经很久没有见到您了，想关心一下车辆的使用情况。',
        '请问这段时间在哪里做的保养维修？是什么原因没有回来呢？（记录原因：价格、距离、服务、其他）',
        '我们现在有针对老客户的保养优惠，可以为您预约一个方便的时间吗？',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'Lost customer care',
      steps: [
        OPENING_EN,
        'Your car ({plate}) was last serviced with us on {lastServiceOn}; we have not seen you for a while and wanted to check how the car is.',
        'Where has it been serviced since? What kept you from coming back? (Record the reason: price, distance, service, other.)',
        'We have a maintenance offer for returning customers. May I book a convenient time for you?',
        CLOSING_EN,
      ],
    },
  },
  birthday: {
    'zh-CN': {
      title: '生日关怀',
      steps: [
        OPENING_ZH,
        '在您生日即将到来之际，{dealer}全体员工祝您生日快乐！',
        '生日当月到店可享受免费检测和洗车服务，欢迎您随时预约。',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'Birthday care',
      steps: [
        OPENING_EN,
        'Your birthday is coming up: everyone at {dealer} wishes you a very happy birthday!',
        'This month a free check and car wash are yours whenever you visit; we would be glad to book a time.',
        CLOSING_EN,
      ],
    },
  },
  insurance_expiry: {
    'zh-CN': {
      title: '保险到期提醒',
      steps: [
        OPENING_ZH,
        '您的车辆（{plate}）的保险将于{date}到期，提醒您及时续保。',
        '我店可以为您代办续保，并提供续保礼包，需要为您安排吗？',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'Insurance expiry reminder',
      steps: [
        OPENING_EN,
        "Your car's ({plate}) insurance expires on {date}; a reminder to renew it in time.",
        'We can renew it for you, with a renewal gift. Shall we arrange it?',
        CLOSING_EN,
      ],
    },
  },
  annual_inspection: {
    'zh-CN': {
      title: '年检提醒',
      steps: [
        OPENING_ZH,
        '您的车辆（{plate}）的年检将于{date}到期。',
        '我店提供年检代办服务，年检前可先做一次免费检测，需要为您预约吗？',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'Annual inspection reminder',
      steps: [
        OPENING_EN,
        "Your car's ({plate}) annual inspection is due on {date}.",
        'We can take the car to the inspection for you, with a free check beforehand. May I book it?',
        CLOSING_EN,
      ],
    },
  },
  licence_expiry: {
    'zh-CN': {
      title: '驾照到期提醒',
      steps: [OPENING_ZH, '您的驾驶证将于{date}到期，提醒您及时办理换证。', '如需帮助，我店可提供换证代办指引。', CLOSING_ZH],
    },
    en: {
      title: 'Driving licence expiry reminder',
      steps: [
        OPENING_EN,
        'Your driving licence expires on {date}; a reminder to renew it in time.',
        'If it helps, we can guide you through the renewal.',
        CLOSING_EN,
      ],
    },
  },
  complaint_follow_up: {
    'zh-CN': {
      title: '投诉回访',
      steps: [
        OPENING_ZH,
        '关于您之前反映的问题（{date}处理完毕），我们想了解一下：问题解决以后，车辆使用情况是否良好？',
        '您对我们的处理结果和处理过程是否满意？还有哪些地方需要我们改进？（仍不满意：记录为不满意并说明类别，重新转投诉处理）',
        '再次感谢您提出的宝贵意见，帮助我们改进工作。',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'Complaint follow-up',
      steps: [
        OPENING_EN,
        'About the matter you raised with us (resolved on {date}): since then, is the car running well?',
        'Are you satisfied with how we resolved it and how we handled it? Is there anything we could still do better? (Still unhappy: record the dissatisfaction with its category; it goes back to complaint handling.)',
        'Thank you again for telling us: it helps us improve.',
        CLOSING_EN,
      ],
    },
  },
  campaign_invitation: {
    'zh-CN': {
      title: '召回/服务活动邀约',
      steps: [
        OPENING_ZH,
        '厂家针对您的车辆发布了召回或服务活动，需要到店进行免费检查或维修，不收取任何费用。',
        '作业时间不长，请问您哪天方便到店？我可以现在为您预约。',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'Recall / service campaign invitation',
      steps: [
        OPENING_EN,
        'The manufacturer has issued a recall or service campaign for your car: a free check or repair at our workshop, at no cost to you.',
        'The work does not take long. Which day suits you? I can book it for you now.',
        CLOSING_EN,
      ],
    },
  },
  value_care: {
    'zh-CN': {
      title: '重点客户关怀',
      steps: [
        OPENING_ZH,
        '感谢您一直以来对我们的信任。您上次到店是 {date}，最近用车还顺利吗？',
        '我们对老客户有专属的关怀服务：免费检测、优先预约。请问您最近是否需要保养或检查？我可以现在为您预约。',
        '您对我们的服务还有什么意见或建议吗？（有不满意：记录不满意及其类别，转投诉处理。）',
        CLOSING_ZH,
      ],
    },
    en: {
      title: 'Valued customer care',
      steps: [
        OPENING_EN,
        'Thank you for your trust over the years. Your last visit was on {date}: is the car running well?',
        'For our regular customers we offer a free check and priority booking. Is a service or a check due? I can book it for you now.',
        'Is there anything about our service you would like us to improve? (Unhappy: record the dissatisfaction with its category; it goes to complaint handling.)',
        CLOSING_EN,
      ],
    },
  },
};

/** The script of a rule with the task's details filled in; a detail not known is left as a dash. */
export function callScript(rule: CareRule, locale: Locale, variables: Record<string, string | number | null | undefined>): Script {
  const script = SCRIPTS[rule][locale];
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, key: string) => String(variables[key] ?? '—'));
  return { title: script.title, steps: script.steps.map(fill) };
}
