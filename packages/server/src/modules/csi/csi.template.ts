import { type QuestionnaireDefinition, type QuestionnaireDefinitionInput, questionnaireDefinitionSchema } from '@servicebay/contracts';

// The default CSI questionnaire: the 23 J.D. Power China CSI attributes of domain.md §7 in their five
// factors and weights, on the 7-level scale, each tagged with its RATER dimension. The appointment
// questions are asked only when the visit was booked (the survey knows the order's visit). Low at 3
// ("not very satisfied") or below; a CSI under 60 is low too.

type Item = [
  id: string,
  zh: string,
  en: string,
  rater: 'reliability' | 'assurance' | 'tangibles' | 'empathy' | 'responsiveness',
  booked?: 'booked',
];

const FACTORS: [key: string, zh: string, en: string, weight: number, items: Item[]][] = [
  [
    'initiation',
    '服务启动',
    'Service initiation',
    19,
    [
      ['ease_of_booking', '预约进店的方便程度', 'Ease of arranging the visit', 'responsiveness', 'booked'],
      ['flexible_times', '可选的进店时间是否灵活', 'Flexible times to bring the car in', 'empathy', 'booked'],
      ['greeted_on_time', '按预约时间得到接待', 'Greeted at the booked time', 'reliability', 'booked'],
      ['received_immediately', '到店时服务顾问立刻接待', 'The advisor received you immediately on arrival', 'responsiveness'],
      ['quick_drop_off', '交车（接车）过程快速高效', 'Quick and efficient drop-off', 'responsiveness'],
      ['dealer_notified', '经销商通知您车辆需要进行常规保养', 'The dealer told you the car was due for maintenance', 'empathy'],
    ],
  ],
  [
    'advisor',
    '服务顾问',
    'Service advisor',
    19,
    [
      ['courteous', '服务顾问礼貌周到', 'The advisor was courteous', 'empathy'],
      ['responsive', '服务顾问有求必应', 'The advisor responded to each of your requests', 'responsiveness'],
      ['explained_work', '详细解释维修项目和费用', 'Explained the work and charges in detail', 'assurance'],
      ['repeated_requests', '复述确认了您的每项需求', 'Repeated each of your requests back', 'reliability'],
      ['no_push', '没有强行推销额外付费项目', 'Did not push extra paid services', 'empathy'],
    ],
  ],
  [
    'facility',
    '服务设施',
    'Service facility',
    20,
    [
      ['easy_access', '进出店方便', 'Easy to drive in and out', 'tangibles'],
      ['convenient_location', '经销商所处位置便利', 'The dealership is conveniently located', 'tangibles'],
      ['clean', '店内整洁干净', 'The dealership was clean', 'tangibles'],
      [
        'lounge',
        '休息区舒适，设施齐全（饮品、Wi-Fi、电视、儿童区）',
        'A comfortable lounge with amenities (drinks, Wi-Fi, TV, children’s corner)',
        'tangibles',
      ],
    ],
  ],
  [
    'pickup',
    '车辆交付',
    'Vehicle pick-up',
    20,
    [
      ['quick_pickup', '取车快速', 'Quick pick-up', 'responsiveness'],
      ['fair_charges', '收费合理', 'Fair charges', 'assurance'],
      ['helpful_pickup', '取车时的讲解和帮助', 'Helpful at pick-up', 'empathy'],
      ['cashier_fast', '结算收银不超过2分钟', 'The cashier took no more than 2 minutes', 'responsiveness'],
    ],
  ],
  [
    'quality',
    '服务质量',
    'Service quality',
    22,
    [
      ['total_time', '维修保养所用的总时间', 'Total time taken', 'responsiveness'],
      ['done_right', '一次修好，项目完整', 'Work done right and completely', 'reliability'],
      ['returned_clean', '交车时车辆干净完好', 'Car returned clean and in good condition', 'reliability'],
      ['follow_up', '保养/维修结束后的回访', 'Follow-up after the service', 'empathy'],
    ],
  ],
];

const input: QuestionnaireDefinitionInput = {
  title: { 'zh-CN': '售后服务满意度调查', en: 'After-sales service satisfaction survey' },
  factors: FACTORS.map(([key, zh, en, weight]) => ({ key, name: { 'zh-CN': zh, en }, weight })),
  questions: [
    ...FACTORS.flatMap(([factor, , , , items]) =>
      items.map(([id, zh, en, rater, booked]) => ({
        id,
        text: { 'zh-CN': zh, en },
        kind: 'scale' as const,
        factor,
        weight: 1,
        rater,
        required: true,
        allowNa: true,
        showIf: booked ? { context: booked } : null,
        lowAt: 3,
      })),
    ),
    {
      id: 'problem_fixed',
      text: { 'zh-CN': '您反映的问题是否已经解决？', en: 'Was the problem you reported fixed?' },
      kind: 'yes_no',
      factor: 'quality',
      weight: 1,
      rater: 'reliability',
      required: false,
      allowNa: true,
      showIf: null,
      lowAt: null,
    },
    {
      id: 'what_went_wrong',
      text: { 'zh-CN': '哪些地方让您不满意？', en: 'What disappointed you?' },
      kind: 'text',
      factor: null,
      weight: 0,
      rater: null,
      required: false,
      allowNa: false,
      showIf: { questionId: 'problem_fixed', answerIn: ['no'] },
      lowAt: null,
    },
    {
      id: 'comments',
      text: { 'zh-CN': '您还有什么意见或建议？', en: 'Any other comments or suggestions?' },
      kind: 'text',
      factor: null,
      weight: 0,
      rater: null,
      required: false,
      allowNa: false,
      showIf: null,
      lowAt: null,
    },
  ],
  lowCsiBelow: 60,
};

export const DEFAULT_CSI_TEMPLATE: QuestionnaireDefinition = questionnaireDefinitionSchema.parse(input);
