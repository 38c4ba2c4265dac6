import { createBrowserRouter } from 'react-router';
import { FullPageSpinner, NotFoundPage } from '../components/PageState';
import { DealersPage } from '../features/admin/DealersPage';
import { StaffPage } from '../features/admin/StaffPage';
import { TokensPage } from '../features/admin/TokensPage';
import { AppointmentBoardPage } from '../features/appointments/AppointmentBoardPage';
import { CallListPage } from '../features/appointments/CallListPage';
import { NewAppointmentPage } from '../features/appointments/NewAppointmentPage';
import { LoginPage } from '../features/auth/LoginPage';
import { ComplaintInboxPage } from '../features/complaints/ComplaintInboxPage';
import { ComplaintIntakePage } from '../features/complaints/ComplaintIntakePage';
import { ComplaintPage } from '../features/complaints/ComplaintPage';
import { QuestionnaireEditorPage } from '../features/csi/QuestionnaireEditorPage';
import { QuestionnaireListPage } from '../features/csi/QuestionnaireListPage';
import { Customer360Page } from '../features/customers/Customer360Page';
import { CustomerSearchPage } from '../features/customers/CustomerSearchPage';
import { DrivePage } from '../features/drive/DrivePage';
import { CallScreenPage } from '../features/follow-up/CallScreenPage';
import { FollowUpSettingsPage } from '../features/follow-up/FollowUpSettingsPage';
import { FollowUpWorkbenchPage } from '../features/follow-up/FollowUpWorkbenchPage';
import { WinBackPage } from '../features/follow-up/WinBackPage';
import { WorkPlansPage } from '../features/follow-up/WorkPlansPage';
import { HomeRedirect } from '../features/home/HomeRedirect';
import { MyDayPage } from '../features/home/MyDayPage';
import { TodayPage } from '../features/home/TodayPage';
import { MessagesPage } from '../features/messages/MessagesPage';
import { PrepickPage } from '../features/parts/PrepickPage';
import { ApprovalPage } from '../features/public/ApprovalPage';
import { MyBookingPage } from '../features/public/MyBookingPage';
import { ProgressPage } from '../features/public/ProgressPage';
import { PublicBookingPage } from '../features/public/PublicBookingPage';
import { SurveyPage } from '../features/public/SurveyPage';
import { WelcomeBoardPage } from '../features/public/WelcomeBoardPage';
import { ReceptionNewPage } from '../features/repair-orders/ReceptionNewPage';
import { EditRepairOrderPage, NewRepairOrderPage } from '../features/repair-orders/RepairOrderFormPage';
import { RepairOrderListPage } from '../features/repair-orders/RepairOrderListPage';
import { RepairOrderPage } from '../features/repair-orders/RepairOrderPage';
import { VisitPage } from '../features/repair-orders/VisitPage';
import { AppointmentSettingsPage } from '../features/settings/AppointmentSettingsPage';
import { TasksPage } from '../features/tasks/TasksPage';
import { VehiclePage } from '../features/vehicles/VehiclePage';
import { MyJobsPage } from '../features/workshop/MyJobsPage';
import { ReservationsPage } from '../features/workshop/ReservationsPage';
import { WorkshopBoardPage } from '../features/workshop/WorkshopBoardPage';
import { AppLayout } from './AppLayout';
import { RequireAuth } from './session';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // The customer's pages: no login, no staff layout.
  { path: '/book/:dealerCode', element: <PublicBookingPage /> },
  { path: '/my-booking/:token', element: <MyBookingPage /> },
  { path: '/welcome/:dealerCode', element: <WelcomeBoardPage /> },
  { path: '/approve/:token', element: <ApprovalPage /> },
  { path: '/progress/:token', element: <ProgressPage /> },
  { path: '/survey/:token', element: <SurveyPage /> },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    hydrateFallbackElement: <FullPageSpinner />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'my-day', element: <MyDayPage /> },
      { path: 'today', element: <TodayPage /> },
      { path: 'customers', element: <CustomerSearchPage /> },
      { path: 'customers/:id', element: <Customer360Page /> },
      { path: 'vehicles/:id', element: <VehiclePage /> },
      { path: 'appointments', element: <AppointmentBoardPage /> },
      { path: 'appointments/new', element: <NewAppointmentPage /> },
      { path: 'appointments/call-list', element: <CallListPage /> },
      { path: 'reception/new', element: <ReceptionNewPage /> },
      { path: 'visits/:id', element: <VisitPage /> },
      { path: 'drive', element: <DrivePage /> },
      { path: 'repair-orders', element: <RepairOrderListPage /> },
      { path: 'repair-orders/new', element: <NewRepairOrderPage /> },
      { path: 'repair-orders/:id', element: <RepairOrderPage /> },
      { path: 'repair-orders/:id/edit', element: <EditRepairOrderPage /> },
      { path: 'my-jobs', element: <MyJobsPage /> },
      { path: 'admin/staff', element: <StaffPage /> },
      { path: 'admin/tokens', element: <TokensPage /> },
      { path: 'admin/dealers', element: <DealersPage /> },
      { path: 'tasks', element: <TasksPage /> },
      { path: 'prepick', element: <PrepickPage /> },
      { path: 'workshop/reservations', element: <ReservationsPage /> },
      { path: 'workshop/board', element: <WorkshopBoardPage /> },
      { path: 'follow-up', element: <FollowUpWorkbenchPage /> },
      { path: 'follow-up/win-back', element: <WinBackPage /> },
      { path: 'follow-up/plans', element: <WorkPlansPage /> },
      { path: 'follow-up/settings', element: <FollowUpSettingsPage /> },
      { path: 'follow-up/:id', element: <CallScreenPage /> },
      { path: 'complaints', element: <ComplaintInboxPage /> },
      { path: 'complaints/new', element: <ComplaintIntakePage /> },
      { path: 'complaints/:id', element: <ComplaintPage /> },
      // ECharts is big: its page loads on first visit.
      {
        path: 'kpis/appointments',
        lazy: () => import('../features/kpis/AppointmentKpiPage').then((m) => ({ Component: m.AppointmentKpiPage })),
      },
      { path: 'kpis/service', lazy: () => import('../features/kpis/ServiceKpiPage').then((m) => ({ Component: m.ServiceKpiPage })) },
      { path: 'kpis/follow-up', lazy: () => import('../features/kpis/FollowUpKpiPage').then((m) => ({ Component: m.FollowUpKpiPage })) },
      { path: 'kpis/complaints', lazy: () => import('../features/kpis/ComplaintKpiPage').then((m) => ({ Component: m.ComplaintKpiPage })) },
      { path: 'kpis/csi', lazy: () => import('../features/kpis/CsiKpiPage').then((m) => ({ Component: m.CsiKpiPage })) },
      {
        path: 'network/cockpit',
        lazy: () => import('../features/network/NetworkCockpitPage').then((m) => ({ Component: m.NetworkCockpitPage })),
      },
      { path: 'messages', element: <MessagesPage /> },
      { path: 'settings/appointments', element: <AppointmentSettingsPage /> },
      { path: 'settings/questionnaires', element: <QuestionnaireListPage /> },
      { path: 'settings/questionnaires/:id', element: <QuestionnaireEditorPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
