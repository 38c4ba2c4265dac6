import { Navigate } from 'react-router';
import { useUser } from '../../app/session';
import { landingPath } from './landing';

/** `/`: each role lands on its own workspace. */
export function HomeRedirect() {
  return <Navigate to={landingPath(useUser())} replace />;
}
