import type { FastifyPluginAsync } from 'fastify';
import type { AlertRuleSet } from '../../alerting/rule-sets.js';
import type { BurnRateTierView, SloStatusView } from '../../core/api-types.js';
import { type Clock, endMinuteAt } from '../../core/clock.js';
import { windowName } from '../../core/duration.js';
import { FaultlineError } from '../../core/faultline-error.js';
import { HttpErrorCode } from '../../core/http/http-errors.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import type { SloStatus } from '../../pipeline/status/slo-status.js';
import type { SloStatusReader } from '../../pipeline/status/slo-status-reader.js';
import { parseTime } from '../query-time.js';
import { paramsSchema, querySchema } from '../route-schemas.js';

export type { BurnRateTierView };

export interface SloRoutesOptions {
  reader: SloStatusReader;
  clock: Clock;
  /** Alert rules per SLO id: each status then lists its burn-rate tiers. None when alerting is off. */
  rules?: ReadonlyMap<string, AlertRuleSet>;
}

const DEFAULT_BUDGET_POINTS = 60;
const MAX_BUDGET_POINTS = 1000;

/**
 * `GET /api/v1/slos`: every SLO's status, least budget left first.
 * `GET /api/v1/slos/:name`: one SLO by id (`service/name`, URL-encoded) or by its name when
 * no other service has an SLO of that name; also `/api/v1/slos/:service/:name`.
 * Both take `at=` (RFC 3339 or unix seconds) for the status at a past instant. With alerting
 * on, each status also lists its burn-rate alert tiers (`burnRateTiers`).
 * `GET /api/v1/slos/:name/budget` (and `/api/v1/slos/:service/:name/budget`): the error-budget
 * burn-down of the period ending at `at=`, at `points=` instants (2 to 1000, default 60).
 */
export const sloRoutes: FastifyPluginAsync<SloRoutesOptions> = async (app, { reader, clock, rules }) => {
  const endOf = (at: string | undefined): number =>
    at === undefined ? endMinuteAt(clock.now()) : Math.floor(parseTime(at, 'at') / 60_000);
  const withTiers = (status: SloStatus): SloStatusView => {
    const set = rules?.get(status.id);
    return set === undefined ? status : { ...status, burnRateTiers: tiersOf(set) };
  };

  app.get<{ Querystring: { at?: string } }>(
    '/api/v1/slos',
    { schema: { querystring: querySchema('at') } },
    async (request) => {
      const statuses = await reader.read(endOf(request.query.at));
      statuses.sort((a, b) => a.errorBudgetRemaining - b.errorBudgetRemaining || a.id.localeCompare(b.id));
      return { slos: statuses.map(withTiers) };
    },
  );

  const one = async (slo: Slo, at: string | undefined) => {
    const [status] = await reader.read(endOf(at), [slo]);
    return status === undefined ? status : withTiers(status);
  };

  type BudgetQuery = { Querystring: { at?: string; points?: string } };
  const budget = async (slo: Slo, query: BudgetQuery['Querystring']) =>
    reader.burnDown(slo, endOf(query.at), pointsOf(query.points));

  app.get<{ Params: { name: string } } & BudgetQuery>(
    '/api/v1/slos/:name/budget',
    { schema: { params: paramsSchema('name'), querystring: querySchema('at', 'points') } },
    async (request) => {
      const { name } = request.params;
      // Before this route, `/api/v1/slos/<service>/budget` named the SLO `budget` of that
      // service; it still does when `<service>` is not an SLO itself.
      const legacy = reader.get(`${name}/budget`);
      if (legacy !== undefined && !isSlo(reader, name)) return one(legacy, request.query.at);
      return budget(findSlo(reader, name), request.query);
    },
  );

  app.get<{ Params: { service: string; name: string } } & BudgetQuery>(
    '/api/v1/slos/:service/:name/budget',
    { schema: { params: paramsSchema('service', 'name'), querystring: querySchema('at', 'points') } },
    async (request) =>
      budget(findSlo(reader, `${request.params.service}/${request.params.name}`), request.query),
  );

  app.get<{ Params: { name: string }; Querystring: { at?: string } }>(
    '/api/v1/slos/:name',
    { schema: { params: paramsSchema('name'), querystring: querySchema('at') } },
    async (request) => {
      return one(findSlo(reader, request.params.name), request.query.at);
    },
  );

  app.get<{ Params: { service: string; name: string }; Querystring: { at?: string } }>(
    '/api/v1/slos/:service/:name',
    { schema: { params: paramsSchema('service', 'name'), querystring: querySchema('at') } },
    async (request) =>
      one(findSlo(reader, `${request.params.service}/${request.params.name}`), request.query.at),
  );
};

function tiersOf(set: AlertRuleSet): BurnRateTierView[] {
  return set.tiers.map((t) => ({
    severity: t.severity,
    longWindow: windowName(t.longWindowMinutes),
    shortWindow: windowName(t.shortWindowMinutes),
    factor: t.factor,
    minEvents: t.minEvents,
  }));
}

function pointsOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BUDGET_POINTS;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(n >= 2 && n <= MAX_BUDGET_POINTS)) {
    throw new FaultlineError(
      HttpErrorCode.BadRequest,
      `points: expected a whole number from 2 to ${MAX_BUDGET_POINTS}, got '${text}'`,
    );
  }
  return n;
}

function isSlo(reader: SloStatusReader, key: string): boolean {
  return reader.get(key) !== undefined || reader.slos.some((s) => s.name === key);
}

function findSlo(reader: SloStatusReader, key: string): Slo {
  const byId = reader.get(key);
  if (byId) return byId;
  const named = reader.slos.filter((s) => s.name === key);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new FaultlineError(
      HttpErrorCode.BadRequest,
      `SLO name '${key}' is ambiguous; use one of: ${named.map((s) => s.id).join(', ')}`,
    );
  }
  throw new FaultlineError(HttpErrorCode.NotFound, `no SLO '${key}'`);
}
