import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { FullPageSpinner, NotFoundPage } from '../components/PageState';
import { HomeRedirect } from '../features/home/HomeRedirect';
import { loadTexts, type TextModule } from '../i18n';
import { AppLayout } from './AppLayout';
import { RequireAuth } from './session';

/**
 * A page whose code loads on its first visit, so the first page after login carries only its own
 * code. The frame and the home redirect stay in the first download.
 */
/** A lazy route: its code, and the texts of the modules it shows (loaded alongside). */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K, ...texts: TextModule[]) {
  return async () => {
    const [module] = await Promise.all([load(), loadTexts(...texts)]);
    return { Component: module[name] };
  };
}

export const router = createBrowserRouter([
  // Its form is code the staff's pages do not need: it loads like a page, and a signed-in start skips it.
  { path: '/login', lazy: page(() => import('../features/auth/LoginPage'), 'LoginPage'), hydrateFallbackElement: <FullPageSpinner /> },
  // The customer's pages: no login, no staff layout.
  {
    hydrateFallbackElement: <FullPageSpinner />,
    children: [
      { path: '/book/:dealerCode', lazy: page(() => import('../features/public/PublicBookingPage'), 'PublicBookingPage') },
      { path: '/my-booking/:dealerCode/:token', lazy: page(() => import('../features/public/MyBookingPage'), 'MyBookingPage') },
      { path: '/my-booking/:token', lazy: page(() => import('../features/public/MyBookingPage'), 'MyBookingPage') },
      { path: '/welcome/:dealerCode', lazy: page(() => import('../features/public/WelcomeBoardPage'), 'WelcomeBoardPage') },
      { path: '/approve/:dealerCode/:token', lazy: page(() => import('../features/public/ApprovalPage'), 'ApprovalPage') },
      { path: '/approve/:token', lazy: page(() => import('../features/public/ApprovalPage'), 'ApprovalPage') },
      { path: '/progress/:dealerCode/:token', lazy: page(() => import('../features/public/ProgressPage'), 'ProgressPage') },
      { path: '/progress/:token', lazy: page(() => import('../features/public/ProgressPage'), 'ProgressPage') },
      { path: '/survey/:dealerCode/:token', lazy: page(() => import('../features/public/SurveyPage'), 'SurveyPage') },
      { path: '/survey/:token', lazy: page(() => import('../features/public/SurveyPage'), 'SurveyPage') },
      { path: '/driver/:dealerCode/:token', lazy: page(() => import('../features/public/DriverJobPage'), 'DriverJobPage', 'pickup') },
      { path: '/driver/:token', lazy: page(() => import('../features/public/DriverJobPage'), 'DriverJobPage', 'pickup') },
      {
        path: '/activity/:dealerCode/:token',
        lazy: page(() => import('../features/public/ActivitySignUpPage'), 'ActivitySignUpPage', 'activities'),
      },
      { path: '/activity/:token', lazy: page(() => import('../features/public/ActivitySignUpPage'), 'ActivitySignUpPage', 'activities') },
    ],
  },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    hydrateFallbackElement: <FullPageSpinner />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'my-day', lazy: page(() => import('../features/home/MyDayPage'), 'MyDayPage') },
      { path: 'today', lazy: page(() => import('../features/home/TodayPage'), 'TodayPage') },
      { path: 'customers', lazy: page(() => import('../features/customers/CustomerSearchPage'), 'CustomerSearchPage') },
      {
        path: 'customers/:id',
        lazy: page(() => import('../features/customers/Customer360Page'), 'Customer360Page', 'warranty', 'customerValue', 'club'),
      },
      { path: 'vehicles/:id', lazy: page(() => import('../features/vehicles/VehiclePage'), 'VehiclePage', 'warranty') },
      { path: 'appointments', lazy: page(() => import('../features/appointments/AppointmentBoardPage'), 'AppointmentBoardPage') },
      { path: 'appointments/new', lazy: page(() => import('../features/appointments/NewAppointmentPage'), 'NewAppointmentPage') },
      { path: 'appointments/call-list', lazy: page(() => import('../features/appointments/CallListPage'), 'CallListPage') },
      { path: 'reception/new', lazy: page(() => import('../features/repair-orders/ReceptionNewPage'), 'ReceptionNewPage', 'warranty') },
      { path: 'visits/:id', lazy: page(() => import('../features/repair-orders/VisitPage'), 'VisitPage') },
      { path: 'reception/local/:id', lazy: page(() => import('../offline/LocalReceptionPage'), 'LocalReceptionPage') },
      { path: 'drive', lazy: page(() => import('../features/drive/DrivePage'), 'DrivePage') },
      { path: 'repair-orders', lazy: page(() => import('../features/repair-orders/RepairOrderListPage'), 'RepairOrderListPage') },
      { path: 'repair-orders/new', lazy: page(() => import('../features/repair-orders/RepairOrderFormPage'), 'NewRepairOrderPage') },
      {
        path: 'repair-orders/:id',
        lazy: page(() => import('../features/repair-orders/RepairOrderPage'), 'RepairOrderPage', 'warranty', 'club'),
      },
      { path: 'repair-orders/:id/edit', lazy: page(() => import('../features/repair-orders/RepairOrderFormPage'), 'EditRepairOrderPage') },
      { path: 'my-jobs', lazy: page(() => import('../features/workshop/MyJobsPage'), 'MyJobsPage') },
      { path: 'pickup', lazy: page(() => import('../features/pickup/PickupPage'), 'PickupPage', 'pickup') },
      { path: 'my-pickups', lazy: page(() => import('../features/pickup/MyPickupsPage'), 'MyPickupsPage', 'pickup') },
      { path: 'admin/staff', lazy: page(() => import('../features/admin/StaffPage'), 'StaffPage') },
      { path: 'admin/tokens', lazy: page(() => import('../features/admin/TokensPage'), 'TokensPage') },
      { path: 'admin/webhooks', lazy: page(() => import('../features/admin/WebhooksPage'), 'WebhooksPage') },
      { path: 'admin/dealers', lazy: page(() => import('../features/admin/DealersPage'), 'DealersPage') },
      { path: 'tasks', lazy: page(() => import('../features/tasks/TasksPage'), 'TasksPage') },
      { path: 'prepick', lazy: page(() => import('../features/parts/PrepickPage'), 'PrepickPage') },
      { path: 'workshop/reservations', lazy: page(() => import('../features/workshop/ReservationsPage'), 'ReservationsPage') },
      { path: 'workshop/board', lazy: page(() => import('../features/workshop/WorkshopBoardPage'), 'WorkshopBoardPage') },
      {
        path: 'follow-up',
        lazy: page(() => import('../features/follow-up/FollowUpWorkbenchPage'), 'FollowUpWorkbenchPage', 'customerValue'),
      },
      {
        path: 'customer-value',
        lazy: page(() => import('../features/customer-value/CustomerValuePage'), 'CustomerValuePage', 'customerValue'),
      },
      { path: 'loaners', lazy: page(() => import('../features/loaners/LoanersPage'), 'LoanersPage', 'loaners') },
      { path: 'costs', lazy: page(() => import('../features/costs/CostBudgetsPage'), 'CostBudgetsPage') },
      { path: 'club', lazy: page(() => import('../features/club/ClubOverviewPage'), 'ClubOverviewPage', 'club') },
      { path: 'activities', lazy: page(() => import('../features/activities/ActivitiesPage'), 'ActivitiesPage', 'activities') },
      {
        path: 'activities/:id',
        lazy: page(() => import('../features/activities/ActivityPage'), 'ActivityPage', 'activities', 'customerValue'),
      },
      { path: 'club/settings', lazy: page(() => import('../features/club/ClubSettingsPage'), 'ClubSettingsPage', 'club') },
      {
        path: 'process-checks',
        lazy: page(() => import('../features/process-checks/ProcessChecksPage'), 'ProcessChecksPage', 'processChecks'),
      },
      {
        path: 'process-checks/spot-checks/:id',
        lazy: page(() => import('../features/process-checks/SpotCheckPage'), 'SpotCheckPage', 'processChecks'),
      },
      { path: 'follow-up/win-back', lazy: page(() => import('../features/follow-up/WinBackPage'), 'WinBackPage') },
      { path: 'follow-up/plans', lazy: page(() => import('../features/follow-up/WorkPlansPage'), 'WorkPlansPage') },
      { path: 'follow-up/settings', lazy: page(() => import('../features/follow-up/FollowUpSettingsPage'), 'FollowUpSettingsPage') },
      { path: 'follow-up/:id', lazy: page(() => import('../features/follow-up/CallScreenPage'), 'CallScreenPage') },
      { path: 'complaints', lazy: page(() => import('../features/complaints/ComplaintInboxPage'), 'ComplaintInboxPage') },
      { path: 'complaints/new', lazy: page(() => import('../features/complaints/ComplaintIntakePage'), 'ComplaintIntakePage') },
      { path: 'complaints/:id', lazy: page(() => import('../features/complaints/ComplaintPage'), 'ComplaintPage') },
      { path: 'warranty/claims', lazy: page(() => import('../features/warranty/ClaimListPage'), 'ClaimListPage', 'warranty') },
      { path: 'warranty/claims/:id', lazy: page(() => import('../features/warranty/ClaimPage'), 'ClaimPage', 'warranty') },
      { path: 'warranty/policies', lazy: page(() => import('../features/warranty/PoliciesPage'), 'PoliciesPage', 'warranty') },
      { path: 'warranty/campaigns', lazy: page(() => import('../features/warranty/CampaignListPage'), 'CampaignListPage', 'warranty') },
      { path: 'warranty/campaigns/:id', lazy: page(() => import('../features/warranty/CampaignPage'), 'CampaignPage', 'warranty') },
      { path: 'warranty/sanbao', lazy: page(() => import('../features/warranty/SanbaoWatchPage'), 'SanbaoWatchPage', 'warranty') },
      {
        path: 'warranty/analysis',
        lazy: page(() => import('../features/warranty/WarrantyAnalysisPage'), 'WarrantyAnalysisPage', 'warranty'),
      },
      {
        path: 'warranty/settlements',
        lazy: page(() => import('../features/warranty/WarrantySettlementPage'), 'WarrantySettlementPage', 'warranty'),
      },
      { path: 'kpis/appointments', lazy: page(() => import('../features/kpis/AppointmentKpiPage'), 'AppointmentKpiPage') },
      { path: 'kpis/service', lazy: page(() => import('../features/kpis/ServiceKpiPage'), 'ServiceKpiPage') },
      { path: 'kpis/follow-up', lazy: page(() => import('../features/kpis/FollowUpKpiPage'), 'FollowUpKpiPage') },
      { path: 'kpis/complaints', lazy: page(() => import('../features/kpis/ComplaintKpiPage'), 'ComplaintKpiPage') },
      { path: 'kpis/csi', lazy: page(() => import('../features/kpis/CsiKpiPage'), 'CsiKpiPage') },
      { path: 'kpis/rescue', lazy: page(() => import('../features/kpis/RescueKpiPage'), 'RescueKpiPage', 'rescue') },
      { path: 'kpis/value-added', lazy: page(() => import('../features/kpis/ValueAddedKpiPage'), 'ValueAddedKpiPage', 'valueAdded') },
      { path: 'rescue', lazy: page(() => import('../features/rescue/RescueDeskPage'), 'RescueDeskPage', 'rescue') },
      {
        path: 'network/cockpit',
        lazy: page(() => import('../features/network/NetworkCockpitPage'), 'NetworkCockpitPage', 'rescue', 'valueAdded'),
      },
      { path: 'scorecards/me', lazy: page(() => import('../features/scorecards/MyScorecardPage'), 'MyScorecardPage', 'scorecards') },
      {
        path: 'scorecards/team',
        lazy: page(() => import('../features/scorecards/TeamScorecardsPage'), 'TeamScorecardsPage', 'scorecards'),
      },
      {
        path: 'scorecards/team/:userId',
        lazy: page(() => import('../features/scorecards/PersonScorecardPage'), 'PersonScorecardPage', 'scorecards'),
      },
      {
        path: 'network/scorecards',
        lazy: page(() => import('../features/scorecards/NetworkScorecardsPage'), 'NetworkScorecardsPage', 'scorecards'),
      },
      { path: 'messages', lazy: page(() => import('../features/messages/MessagesPage'), 'MessagesPage') },
      {
        path: 'settings/appointments',
        lazy: page(() => import('../features/settings/AppointmentSettingsPage'), 'AppointmentSettingsPage'),
      },
      { path: 'settings/questionnaires', lazy: page(() => import('../features/csi/QuestionnaireListPage'), 'QuestionnaireListPage') },
      {
        path: 'settings/questionnaires/:id',
        lazy: page(() => import('../features/csi/QuestionnaireEditorPage'), 'QuestionnaireEditorPage'),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
