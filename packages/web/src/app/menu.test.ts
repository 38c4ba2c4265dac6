import { describe, expect, it } from 'vitest';
import { activeMenuKey } from './menu';

// The side menu highlights the entry of the longest matching path (issue 12, point 12).
describe('activeMenuKey', () => {
  it('highlights each KPI page’s own entry, never the appointment KPIs on the other KPI pages', () => {
    expect(activeMenuKey('/kpis/appointments')).toBe('kpis');
    expect(activeMenuKey('/kpis/service')).toBe('service-kpis');
    expect(activeMenuKey('/kpis/csi')).toBe('csi');
    expect(activeMenuKey('/kpis/follow-up')).toBe('follow-up');
    expect(activeMenuKey('/kpis/complaints')).toBe('complaints');
    expect(activeMenuKey('/kpis/rescue')).toBe('rescue');
  });

  it('picks the longest matching path: the call list is not the appointments', () => {
    expect(activeMenuKey('/appointments/call-list')).toBe('call-list');
    expect(activeMenuKey('/appointments/123')).toBe('appointments');
    expect(activeMenuKey('/settings/questionnaires/abc')).toBe('csi');
    expect(activeMenuKey('/settings/appointments')).toBe('settings');
  });

  it('counts a path only on a segment boundary, and pages it also covers', () => {
    expect(activeMenuKey('/vehicles/1')).toBe('customers');
    expect(activeMenuKey('/reception/new')).toBe('repair-orders');
    expect(activeMenuKey('/warranty/claims/abc')).toBe('warranty');
    expect(activeMenuKey('/warranty/policies')).toBe('warranty');
    expect(activeMenuKey('/warranty/campaigns')).toBe('warranty');
    expect(activeMenuKey('/warranty/campaigns/abc')).toBe('warranty');
    expect(activeMenuKey('/warranty/sanbao')).toBe('warranty');
    expect(activeMenuKey('/warranty/analysis')).toBe('warranty');
    expect(activeMenuKey('/warranty/settlements')).toBe('warranty');
    expect(activeMenuKey('/activities/abc')).toBe('activities');
    expect(activeMenuKey('/customers-export')).toBeUndefined();
    const entries = [
      { key: 'a', path: '/x' },
      { key: 'b', path: '/y', also: ['/x/deep'] },
    ];
    expect(activeMenuKey('/x/deep/1', entries)).toBe('b');
    expect(activeMenuKey('/x/other', entries)).toBe('a');
  });
});
