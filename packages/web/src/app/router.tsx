import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { Customer360Page } from '../features/customers/Customer360Page';
import { CustomerSearchPage } from '../features/customers/CustomerSearchPage';
import { VehiclePage } from '../features/vehicles/VehiclePage';
import { NotFoundPage } from '../components/PageState';
import { AppLayout } from './AppLayout';
import { RequireAuth } from './session';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/customers" replace /> },
      { path: 'customers', element: <CustomerSearchPage /> },
      { path: 'customers/:id', element: <Customer360Page /> },
      { path: 'vehicles/:id', element: <VehiclePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
