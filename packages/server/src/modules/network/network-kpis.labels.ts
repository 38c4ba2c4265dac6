import type { NetworkKpi } from '@servicebay/contracts';

// The cockpit export is a file the server writes, so its headers are server-built text: kept here,
// in both languages, in one place (as platform/message-templates.ts does for messages), chosen by
// the user's locale. The web app's own labels live in its i18n files.

export type ExportLocale = 'zh-CN' | 'en';

type ExportLabels = {
  sheet: string;
  advisorSheet: string;
  advisor: string;
  dealerCode: string;
  dealerName: string;
  region: string;
  city: string;
  grade: string;
  networkAverage: string;
  topQuartile: string;
  period: string;
  refreshedAt: string;
  kpis: Record<NetworkKpi, string>;
};

export const EXPORT_LABELS: Record<ExportLocale, ExportLabels> = {
  'zh-CN': {
    sheet: '网络KPI',
    advisorSheet: '服务顾问KPI',
    advisor: '服务顾问',
    dealerCode: '经销商代码',
    dealerName: '经销商名称',
    region: '大区',
    city: '城市',
    grade: '等级',
    networkAverage: '网络平均',
    topQuartile: '前25%标杆',
    period: '期间',
    refreshedAt: '数据更新时间',
    kpis: {
      throughput: '进厂台次',
      revenueFen: '服务产值（元）',
      appointmentRate: '预约率（%）',
      noShowRate: '预约失约率（%）',
      confirmationRate: '预约确认率（%）',
      timelyReceptionRate: '及时接待率（%）',
      onTimeDeliveryRate: '按时交车率（%）',
      firstTimeFixRate: '一次修复率（%）',
      repeatRepairRate: '返修率（%）',
      maintenanceReturnRate: '定保回厂率（%）',
      followUpCompletionRate: '回访完成率（%）',
      complaintsPer100Ros: '百单投诉数',
      complaintResponse24hRate: '投诉24小时响应率（%）',
      complaintCloseHours: '投诉平均结案时长（小时）',
      csiScore: 'CSI得分',
      csiInitiation: 'CSI·服务启动',
      csiAdvisor: 'CSI·服务顾问',
      csiFacility: 'CSI·服务设施',
      csiPickup: 'CSI·车辆交付',
      csiQuality: 'CSI·服务质量',
      retentionRate: '客户保持率（%）',
      processExecutionRate: '流程执行率（%）',
    },
  },
  en: {
    sheet: 'Network KPIs',
    advisorSheet: 'Advisor KPIs',
    advisor: 'Service advisor',
    dealerCode: 'Dealer code',
    dealerName: 'Dealer name',
    region: 'Region',
    city: 'City',
    grade: 'Grade',
    networkAverage: 'Network average',
    topQuartile: 'Top quartile',
    period: 'Period',
    refreshedAt: 'Figures computed at',
    kpis: {
      throughput: 'Vehicles in',
      revenueFen: 'Service revenue (yuan)',
      appointmentRate: 'Appointment rate (%)',
      noShowRate: 'No-show rate (%)',
      confirmationRate: 'Confirmation rate (%)',
      timelyReceptionRate: 'Timely reception (%)',
      onTimeDeliveryRate: 'On-time delivery (%)',
      firstTimeFixRate: 'First-time fix (%)',
      repeatRepairRate: 'Repeat repairs (%)',
      maintenanceReturnRate: 'Maintenance return rate (%)',
      followUpCompletionRate: 'Follow-up completion (%)',
      complaintsPer100Ros: 'Complaints per 100 ROs',
      complaintResponse24hRate: 'Complaints answered in 24 h (%)',
      complaintCloseHours: 'Complaint close time (hours)',
      csiScore: 'CSI score',
      csiInitiation: 'CSI: service initiation',
      csiAdvisor: 'CSI: service advisor',
      csiFacility: 'CSI: service facility',
      csiPickup: 'CSI: vehicle pick-up',
      csiQuality: 'CSI: service quality',
      retentionRate: 'Customer retention (%)',
      processExecutionRate: 'Process execution (%)',
    },
  },
};
