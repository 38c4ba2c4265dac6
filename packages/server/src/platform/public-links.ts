import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from './db.js';

/**
 * A customer's link (survey, progress, approval, booking, driver's job, activity invitation): the dealer's
 * code and the token. The code names the dealer whose rows the token is looked up in, so that a database
 * distributed by dealer reads one shard. A link issued before links carried the code has none.
 */
export type PublicLink = { dealerCode?: string | undefined; token: string };

/** The dealers a link may open a record of; `null` for a link without a code (any dealer). */
export type LinkDealers = readonly string[] | null;

/** The dealers of a link's code: one, unless several networks share the database and the code. */
export async function linkDealers(db: Database, link: PublicLink): Promise<LinkDealers> {
  if (link.dealerCode === undefined) return null;
  const rows = await db.selectFrom('dealers').select('id').where('code', '=', link.dealerCode).execute();
  return rows.map((row) => row.id);
}

/**
 * The condition that keeps a token lookup to the link's dealers (`column` is the row's dealer id). Without a
 * code it is no condition: that lookup, by the hash alone, goes to every shard and is kept only for links
 * issued before the links carried the dealer.
 */
export function ofLinkDealers(column: string, dealers: LinkDealers): RawBuilder<boolean> {
  if (dealers === null) return sql<boolean>`true`;
  if (dealers.length === 0) return sql<boolean>`false`;
  if (dealers.length === 1) return sql<boolean>`${sql.ref(column)} = ${dealers[0]}`;
  return sql<boolean>`${sql.ref(column)} in (${sql.join(dealers)})`;
}

/**
 * The two paths of a public link's route, `<resource>/:code/:token<rest>` and the older
 * `<resource>/:token<rest>` (deprecated: links already sent keep working), with their params.
 */
export function publicLinkRoutes(resource: string, token: z.ZodString, rest = '') {
  const params = z.object({ code: z.string().min(1).max(20).optional(), token });
  return [
    { url: `${resource}/:code/:token${rest}`, params, deprecated: false },
    { url: `${resource}/:token${rest}`, params, deprecated: true },
  ];
}

/** The link a route's params name. */
export const linkOf = (params: { code?: string | undefined; token: string }): PublicLink => ({
  dealerCode: params.code,
  token: params.token,
});

/** The address of a customer's page: `https://…/survey/BJ01/<token>`. */
export const publicLinkUrl = (publicUrl: string, page: string, dealerCode: string, token: string) =>
  `${publicUrl.replace(/\/+$/, '')}/${page}/${encodeURIComponent(dealerCode)}/${token}`;

/** The first link to `page` in a text (a message, a URL), as `publicLinkUrl` writes it. */
export function publicLinkIn(text: string, page: string): PublicLink | null {
  const match = new RegExp(`/${page}/([^/\\s]+)/([A-Za-z0-9_-]+)`).exec(text);
  return match ? { dealerCode: decodeURIComponent(match[1]!), token: match[2]! } : null;
}
