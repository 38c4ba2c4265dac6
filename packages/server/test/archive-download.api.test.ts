import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, type TestContext } from './harness.js';

// Issue 18 §2: a dealer's admin downloads the dealer's archive in the web app (the car maker's admin
// the whole network's): the same zip as `servicebay export`, audited, and never another dealer's data.

let ctx: TestContext;
let adminA: Client;
let adminB: Client;
let oemAdmin: Client;
let customerA: string;
let customerB: string;

async function download(client: Client) {
  const response = await client.get('/api/v1/admin/archive');
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  const zip = await JSZip.loadAsync(response.rawPayload);
  const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
  const text = async (table: string) => (await zip.file(`data/${table}.jsonl`)?.async('string')) ?? '';
  return { response, manifest, text };
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  adminA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['dealer_admin'] });
  adminB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['dealer_admin'] });
  oemAdmin = await ctx.loginAs({ dealerId: null, roles: ['oem_admin'] });
  const saA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  const saB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
  customerA = (await createCustomer(saA, { name: '甲店档案客户' })).id;
  customerB = (await createCustomer(saB, { name: '乙店档案客户' })).id;
});
afterAll(() => ctx.close());

describe('the archive download', () => {
  it("gives a dealer's admin its dealer's archive as a named attachment, with the manifest and counts, audited", async () => {
    const { response, manifest, text } = await download(adminA);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="servicebay-A01-2026-11-20.zip"');
    expect(manifest.scope).toMatchObject({ kind: 'dealer', dealer: 'A01' });
    const rows = (table: string) => manifest.tables.find((t: { table: string }) => t.table === table)?.rows;
    expect(rows('dealers')).toBe(1);
    expect(rows('dealer_customers')).toBe(1);
    expect(await text('dealer_customers')).toContain(customerA);
    const everything = (await Promise.all(manifest.tables.map((t: { table: string }) => text(t.table)))).join('\n');
    expect(everything).not.toContain(customerB);
    expect(everything).not.toContain(ctx.network.dealerB);
    // No secrets travel: no webhook subscriptions, no password hashes.
    expect(manifest.tables.map((t: { table: string }) => t.table)).not.toContain('webhook_subscriptions');
    expect(manifest.tables.map((t: { table: string }) => t.table)).not.toContain('network_webhook_subscriptions');

    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'archive.downloaded').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ dealer_id: ctx.network.dealerA, entity_id: ctx.network.dealerA });
  });

  it("gives another dealer's admin only its own data", async () => {
    const { manifest, text } = await download(adminB);
    expect(manifest.scope).toMatchObject({ kind: 'dealer', dealer: 'B01' });
    expect(await text('dealer_customers')).toContain(customerB);
    const everything = (await Promise.all(manifest.tables.map((t: { table: string }) => text(t.table)))).join('\n');
    expect(everything).not.toContain(customerA);
    expect(everything).not.toContain(ctx.network.dealerA);
  });

  it("gives the car maker's admin the whole network", async () => {
    const { response, manifest } = await download(oemAdmin);
    expect(manifest.scope.kind).toBe('network');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="servicebay-N[0-9a-f]{6}-2026-11-20\.zip"$/);
    expect(manifest.tables.find((t: { table: string }) => t.table === 'dealers').rows).toBe(2);
  });

  it('is for admins only', async () => {
    for (const roles of [['service_advisor'], ['service_manager'], ['oem_analyst']] as const) {
      const client = await ctx.loginAs({ dealerId: roles[0] === 'oem_analyst' ? null : ctx.network.dealerA, roles: [...roles] });
      expect((await client.get('/api/v1/admin/archive')).statusCode, roles[0]).toBe(403);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/archive' })).statusCode).toBe(401);
  });
});
