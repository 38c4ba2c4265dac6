import type { ClaimKind } from '@servicebay/contracts';

// The settlement workbook's headers, in the language asked for (files leave the app, so their text is built here).
type Labels = {
  dealersSheet: string;
  claimsSheet: string;
  dealerCode: string;
  dealer: string;
  claims: string;
  claimNumber: string;
  roNumber: string;
  vin: string;
  kind: string;
  claimed: string;
  approved: string;
  chargedBack: string;
  net: string;
  total: string;
  kinds: Record<ClaimKind, string>;
};

export const SETTLEMENT_LABELS: Record<'zh-CN' | 'en', Labels> = {
  'zh-CN': {
    dealersSheet: '经销商结算',
    claimsSheet: '索赔明细',
    dealerCode: '经销商代码',
    dealer: '经销商',
    claims: '索赔单数',
    claimNumber: '索赔单号',
    roNumber: '工单号',
    vin: 'VIN',
    kind: '类型',
    claimed: '申请金额（元）',
    approved: '批准金额（元）',
    chargedBack: '扣回金额（元）',
    net: '应结算（元）',
    total: '合计',
    kinds: { warranty: '保修索赔', free_first_maintenance: '首保索赔', campaign: '召回/服务活动索赔' },
  },
  en: {
    dealersSheet: 'Dealers',
    claimsSheet: 'Claims',
    dealerCode: 'Dealer code',
    dealer: 'Dealer',
    claims: 'Claims',
    claimNumber: 'Claim',
    roNumber: 'Repair order',
    vin: 'VIN',
    kind: 'Kind',
    claimed: 'Claimed (CNY)',
    approved: 'Approved (CNY)',
    chargedBack: 'Charged back (CNY)',
    net: 'Net (CNY)',
    total: 'Total',
    kinds: { warranty: 'Warranty', free_first_maintenance: 'First maintenance', campaign: 'Campaign' },
  },
};
