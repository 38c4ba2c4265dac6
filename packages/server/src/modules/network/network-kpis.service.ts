import {
  type AdvisorKpis,
  type DealerKpiRow,
  type KpiRecordsQuery,
  type KpiTrend,
  type KpiTrendQuery,
  NETWORK_KPIS,
  type NetworkCockpit,
  type NetworkKpiQuery,
} from '@servicebay/contracts';
import ExcelJS from 'exceljs';
import { type Actor, authorize, NETWORK_TIME_ZONE } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { ReadRouter } from '../../platform/read-routing.js';
import { type NetworkScope, scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { createNetworkRepository, type MonthRange, NO_ADVISOR } from './network.repository.js';
import {
  emptyCounts,
  type KpiCounts,
  type KpiValueMap,
  kpiValues,
  monthsBefore,
  monthsOf,
  pooledValues,
  sumMonths,
  topQuartile,
} from './network-cockpit.rules.js';
import { EXPORT_LABELS, type ExportLocale } from './network-kpis.labels.js';

/** The longest period a cockpit read covers. */
export const MAX_MONTHS = 24;
/** The nightly refresh recomputes the running month and the two before it (first-time-fix windows close 30 days late). */
export const NIGHTLY_MONTHS = 3;

type Period = { from: string; to: string };

/** The longest range one refresh recomputes. */
export const MAX_REFRESH_MONTHS = 120;

function checkPeriod(query: Period, maxMonths = MAX_MONTHS): MonthRange {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(query.from)) throw AppError.field('validation_failed', 'from', 'month_format', 'a month, YYYY-MM');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(query.to)) throw AppError.field('validation_failed', 'to', 'month_format', 'a month, YYYY-MM');
  if (query.to < query.from) throw AppError.field('validation_failed', 'to', 'from_after_to', 'the period ends before it starts');
  if (monthsOf(query.from, query.to).length > maxMonths)
    throw AppError.field('validation_failed', 'to', 'too_long', `at most ${maxMonths} months at a time`);
  return { from: query.from, to: query.to };
}

/** The car maker's network cockpit and a dealer's managers' view of their dealer beside the network (issue 13 §2). */
/** A row's figures as spreadsheet cells: revenue is kept in fen and shown in yuan, a number a spreadsheet can add. */
const cells = (values: Record<string, number | null>) =>
  NETWORK_KPIS.map((k) => {
    const value = values[k] ?? null;
    return value === null ? null : k === 'revenueFen' ? value / 100 : value;
  });

export function createNetworkKpisService({ db, reads, clock }: { db: Database; reads: ReadRouter; clock: Clock }) {
  const today = () => localDate(clock.now(), NETWORK_TIME_ZONE);

  /**
   * The network the figures are compared with: for the car maker the dealers in its narrowing; for
   * a dealer's staff the whole network (they see the network's figures, never another dealer's row).
   */
  function benchmarkScope(actor: Actor, query: { region?: string | undefined; city?: string | undefined; grade?: string | undefined }) {
    if (actor.dealerId !== null) return { kind: 'network', networkId: actor.networkId } satisfies NetworkScope;
    return scopeOf(actor, {
      ...(query.region ? { region: query.region } : {}),
      ...(query.city ? { city: query.city } : {}),
      ...(query.grade ? { grade: query.grade } : {}),
    }) as NetworkScope;
  }

  /** The dealer an actor may read (their own, or any of the network for the car maker), or 403 / 404. */
  async function readableDealer(rdb: Database, actor: Actor, dealerId: string) {
    scopeOf(actor, { dealerIds: [dealerId] }); // refuses another dealer to a dealer's staff
    const dealer = await createNetworkRepository(rdb).dealerInNetwork(actor.networkId, dealerId);
    if (!dealer) throw notFound('dealer');
    return dealer;
  }

  async function cockpit(actor: Actor, query: NetworkKpiQuery): Promise<NetworkCockpit> {
    authorize(actor, 'kpi.read');
    const range = checkPeriod(query);
    const repo = createNetworkRepository(await reads.forReport(actor));
    const scope = benchmarkScope(actor, query);
    const [dealers, rows, refreshedAt] = await Promise.all([
      repo.dealers(scope),
      repo.monthRows(scope, range),
      repo.refreshedAt(actor.networkId),
    ]);
    const countsOf = new Map<string, KpiCounts>(dealers.map((d) => [d.id, sumMonths(rows.filter((r) => r.dealerId === d.id))]));
    const valuesOf = new Map<string, KpiValueMap>(dealers.map((d) => [d.id, kpiValues(countsOf.get(d.id) ?? emptyCounts())]));
    const visible = actor.dealerId === null ? dealers : dealers.filter((d) => d.id === actor.dealerId);
    return {
      from: range.from,
      to: range.to,
      refreshedAt: refreshedAt?.toISOString() ?? null,
      dealers: visible.map(
        (d): DealerKpiRow => ({
          dealerId: d.id,
          code: d.code,
          name: d.name,
          region: d.region,
          city: d.city,
          grade: d.grade,
          values: valuesOf.get(d.id)!,
        }),
      ),
      networkAverage: pooledValues(dealers.map((d) => countsOf.get(d.id)!)),
      topQuartile: topQuartile(dealers.map((d) => valuesOf.get(d.id)!)),
    };
  }

  async function trend(actor: Actor, query: KpiTrendQuery): Promise<KpiTrend> {
    authorize(actor, 'kpi.read');
    const range = checkPeriod(query);
    const dealerId = query.dealerId ?? actor.dealerId;
    const rdb = await reads.forReport(actor);
    if (dealerId) await readableDealer(rdb, actor, dealerId);
    const scope = benchmarkScope(actor, query);
    const repo = createNetworkRepository(rdb);
    const [dealers, rows] = await Promise.all([repo.dealers(scope), repo.monthRows(scope, range)]);
    const dealerRows =
      dealerId && !dealers.some((d) => d.id === dealerId)
        ? await repo.monthRows({ kind: 'dealer', networkId: actor.networkId, dealerId }, range)
        : rows;
    return {
      kpi: query.kpi,
      months: monthsOf(range.from, range.to).map((month) => {
        const ofMonth = rows.filter((r) => r.month === month);
        const network = pooledValues(dealers.map((d) => sumMonths(ofMonth.filter((r) => r.dealerId === d.id))))[query.kpi];
        const dealer = dealerId
          ? kpiValues(sumMonths(dealerRows.filter((r) => r.month === month && r.dealerId === dealerId)))[query.kpi]
          : null;
        return { month, dealer, network };
      }),
    };
  }

  async function advisors(actor: Actor, dealerId: string, query: Period): Promise<AdvisorKpis> {
    authorize(actor, 'kpi.read');
    const range = checkPeriod(query);
    const rdb = await reads.forReport(actor);
    await readableDealer(rdb, actor, dealerId);
    const repo = createNetworkRepository(rdb);
    // The rollup's advisor rows (kpi_advisor_months), filled by the refresh with the dealer's rows.
    const rows = await repo.advisorRows({ kind: 'dealer', networkId: actor.networkId, dealerId }, range);
    const byAdvisor = new Map(rows.filter((r) => r.advisorKey !== NO_ADVISOR).map((r) => [r.advisorKey, r.counts]));
    const advisorsOfDealer = await repo.advisorsOf(dealerId);
    const others = await repo.userNames([...byAdvisor.keys()].filter((id) => !advisorsOfDealer.some((a) => a.id === id)));
    return {
      dealerId,
      advisors: [...advisorsOfDealer, ...others].map((a) => ({
        advisorId: a.id,
        name: a.display_name,
        values: kpiValues(byAdvisor.get(a.id) ?? emptyCounts()),
      })),
    };
  }

  async function records(actor: Actor, dealerId: string, query: KpiRecordsQuery) {
    authorize(actor, 'kpi.read');
    const range = checkPeriod(query);
    const rdb = await reads.forReport(actor);
    await readableDealer(rdb, actor, dealerId);
    const rows = await createNetworkRepository(rdb).records(dealerId, query.kpi, range, {
      advisorId: query.advisorId,
      limit: query.limit,
      offset: query.offset,
      today: today(),
    });
    return {
      items: rows.map((r) => ({
        kind: r.kind,
        id: r.id,
        number: r.number,
        at: new Date(r.at).toISOString(),
        plate: r.plate_key,
        advisorName: r.advisor_name,
        counted: r.counted,
        reason: r.reason,
      })),
      total: rows[0]?.total ?? 0,
    };
  }

  /** The cockpit as an Excel workbook, headers in the user's language. */
  /** A workbook of one KPI sheet, headers in the user's language (or the one asked for). */
  async function kpiWorkbook(actor: Actor, locale: ExportLocale | undefined, sheetOf: (L: (typeof EXPORT_LABELS)[ExportLocale]) => string) {
    const L = EXPORT_LABELS[locale ?? (await createNetworkRepository(db).localeOf(actor.userId)) ?? 'zh-CN'];
    const workbook = new ExcelJS.Workbook();
    workbook.created = clock.now();
    const sheet = workbook.addWorksheet(sheetOf(L), { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
    return { L, workbook, sheet };
  }

  async function exportXlsx(actor: Actor, query: NetworkKpiQuery & { locale?: ExportLocale | undefined }) {
    const figures = await cockpit(actor, query);
    const { L, workbook, sheet } = await kpiWorkbook(actor, query.locale, (l) => l.sheet);
    sheet.columns = [{ width: 12 }, { width: 24 }, { width: 10 }, { width: 10 }, { width: 8 }, ...NETWORK_KPIS.map(() => ({ width: 16 }))];
    const header = sheet.addRow([L.dealerCode, L.dealerName, L.region, L.city, L.grade, ...NETWORK_KPIS.map((k) => L.kpis[k])]);
    header.font = { bold: true };
    for (const d of figures.dealers) sheet.addRow([d.code, d.name, d.region ?? '', d.city, d.grade, ...cells(d.values)]);
    sheet.addRow([L.networkAverage, '', '', '', '', ...cells(figures.networkAverage)]).font = { italic: true };
    sheet.addRow([L.topQuartile, '', '', '', '', ...cells(figures.topQuartile)]).font = { italic: true };
    sheet.addRow([]);
    sheet.addRow([L.period, `${figures.from} – ${figures.to}`]);
    sheet.addRow([L.refreshedAt, figures.refreshedAt ?? '']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    return { filename: `network-kpis-${figures.from}-${figures.to}.xlsx`, buffer };
  }

  /** One dealer's advisor drill-down as an Excel workbook, the period's figures per service advisor. */
  async function exportAdvisorsXlsx(actor: Actor, dealerId: string, query: Period & { locale?: ExportLocale | undefined }) {
    const { advisors: rows } = await advisors(actor, dealerId, query);
    const { L, workbook, sheet } = await kpiWorkbook(actor, query.locale, (l) => l.advisorSheet);
    sheet.columns = [{ width: 20 }, ...NETWORK_KPIS.map(() => ({ width: 16 }))];
    sheet.addRow([L.advisor, ...NETWORK_KPIS.map((k) => L.kpis[k])]).font = { bold: true };
    for (const a of rows) sheet.addRow([a.name, ...cells(a.values)]);
    sheet.addRow([]);
    sheet.addRow([L.period, `${query.from} – ${query.to}`]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    return { filename: `advisor-kpis-${query.from}-${query.to}.xlsx`, buffer };
  }

  /**
   * Recomputes the rollups of a network for a range of months (default: the running month and the
   * two before it), set-based: one read grouped by dealer, month and advisor (the dealer's rows from
   * the same grouping), then delete and insert.
   */
  async function refreshKpis(input: { networkId: string; from?: string; to?: string }) {
    const to = input.to ?? today().slice(0, 7);
    const from = input.from ?? monthsBefore(to, NIGHTLY_MONTHS - 1);
    const range = checkPeriod({ from, to }, MAX_REFRESH_MONTHS);
    return inTransaction(db, async (tx) => {
      const repo = createNetworkRepository(tx);
      const rows = await repo.counts({ kind: 'network', networkId: input.networkId }, range, today());
      const refreshedAt = clock.now();
      await repo.replaceMonths(input.networkId, range, rows, refreshedAt);
      const dealerRows = rows.filter((r) => r.advisorKey === null).length;
      return {
        networkId: input.networkId,
        from,
        to,
        rows: dealerRows,
        advisorRows: rows.length - dealerRows,
        refreshedAt: refreshedAt.toISOString(),
      };
    });
  }

  /** The car maker's administrator refreshes their network's figures on demand. */
  async function refreshNow(actor: Actor) {
    authorize(actor, 'network.manage');
    const { from, to, rows, refreshedAt } = await refreshKpis({ networkId: actor.networkId });
    return { from, to, rows, refreshedAt };
  }

  /** Refreshes every network of the database (the nightly job). */
  async function refreshAll(input: { months?: number } = {}) {
    const to = today().slice(0, 7);
    const from = monthsBefore(to, (input.months ?? NIGHTLY_MONTHS) - 1);
    const repo = createNetworkRepository(db);
    const results = [];
    for (const networkId of await repo.networkIds()) {
      // Months rolled up before the advisor rollup existed are redone once, within the refresh's bound.
      const missing = await repo.firstMonthWithoutAdvisors(networkId);
      const earliest = monthsBefore(to, MAX_MONTHS - 1);
      const start = missing && missing < from ? (missing > earliest ? missing : earliest) : from;
      results.push(await refreshKpis({ networkId, from: start, to }));
    }
    return results;
  }

  return { cockpit, trend, advisors, records, exportXlsx, exportAdvisorsXlsx, refreshKpis, refreshAll, refreshNow };
}

export type NetworkKpisService = ReturnType<typeof createNetworkKpisService>;
