import type { Clock } from './platform/clock.js';
import type { Database } from './platform/db.js';
import { createAuthService, type AuthSettings } from './modules/auth/auth.service.js';
import { createCustomersService } from './modules/customers/customers.service.js';
import { createNetworkService } from './modules/network/network.service.js';
import { createVehiclesService } from './modules/vehicles/vehicles.service.js';

export type ServiceDeps = { db: Database; clock: Clock; authSettings: AuthSettings };

/** Factory wiring, no container: every service gets the same db (or transaction) and clock. */
export function createServices(deps: ServiceDeps) {
  return {
    auth: createAuthService({ db: deps.db, clock: deps.clock, settings: deps.authSettings }),
    customers: createCustomersService(deps),
    vehicles: createVehiclesService(deps),
    network: createNetworkService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
