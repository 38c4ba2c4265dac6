import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { createDealersRepository } from '../../platform/dealers.repository.js';
import { notFound } from '../../platform/errors.js';
import { scopeOf } from '../../platform/scope.js';
import { createArchiveRepository } from './archive.repository.js';
import { exportArchive } from './archive.service.js';

type Deps = { db: Database; clock: Clock; filesDir: string };

/**
 * The archive download of the web app (issue 18 §2): the same zip as `servicebay export`, of the
 * admin's dealer, or of the whole network for the car maker's admin. Audited.
 */
export function createArchiveDownloadService({ db, clock, filesDir }: Deps) {
  return {
    async download(actor: Actor): Promise<{ filename: string; zip: Buffer }> {
      authorize(actor, 'archive.download');
      const scope = scopeOf(actor);
      const network = await createArchiveRepository(db).networkById(scope.networkId);
      if (!network) throw notFound('network');
      const dealer = scope.kind === 'dealer' ? await createDealersRepository(db).profile(scope.dealerId) : null;
      const now = clock.now();
      const { zip, manifest } = await exportArchive({
        db,
        filesDir,
        now,
        ...(dealer ? { dealer: dealer.code, network: network.code } : { network: network.code }),
      });
      await recordAudit(
        db,
        actor,
        {
          action: 'archive.downloaded',
          entityType: dealer ? 'dealer' : 'network',
          entityId: dealer ? dealer.id : network.id,
          after: { scope: manifest.scope, rows: manifest.tables.reduce((n, t) => n + t.rows, 0), files: manifest.files.length },
        },
        now,
      );
      const code = dealer ? dealer.code : network.code;
      return { filename: `servicebay-${code}-${localDate(now, dealer?.time_zone ?? actor.timeZone)}.zip`, zip };
    },
  };
}
