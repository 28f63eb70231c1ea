import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { FaultlineError } from '../../core/faultline-error.js';
import { HttpErrorCode } from '../../core/http/http-errors.js';
import { graphToDot } from '../../topology/graph-dot.js';
import { graphToJson, neighbourhood } from '../../topology/service-graph.js';
import type { TopologyReader } from '../../topology/topology-reader.js';
import { parseTime } from '../query-time.js';
import { querySchema } from '../route-schemas.js';

export interface TopologyRoutesOptions {
  reader: TopologyReader;
  clock: Clock;
}

interface TopologyQuerystring {
  service?: string;
  depth?: string;
  at?: string;
  format?: string;
}

const MAX_DEPTH = 20;

/**
 * `GET /api/v1/topology`: the service graph, the edges seen in `[at - edgeTtl, at]` (`at=`
 * RFC 3339 or unix seconds, now by default, at most the retention ago). `service=` narrows it to the nodes within
 * `depth=` hops (default 1) in either direction. Answers `{ nodes: [{ id, kind }], edges:
 * [{ source, target, connectionType, calls, failedCalls, errorRate, clientLatencyMeanMs,
 * serverLatencyMeanMs, lastSeen }] }`, or Graphviz DOT (`text/vnd.graphviz`) with
 * `format=dot`.
 */
export const topologyRoutes: FastifyPluginAsync<TopologyRoutesOptions> = async (app, { reader, clock }) => {
  app.get<{ Querystring: TopologyQuerystring }>(
    '/api/v1/topology',
    { schema: { querystring: querySchema('service', 'depth', 'at', 'format') } },
    async (request, reply) => {
      const q = request.query;
      const format = formatOf(q.format);
      const depth = depthOf(q.depth);
      const now = clock.now();
      const atMs = q.at === undefined ? now : parseTime(q.at, 'at');
      if (atMs < now - reader.retentionMs) {
        throw new FaultlineError(HttpErrorCode.BadRequest, 'at: older than the topology retention');
      }
      let graph = await reader.graphAt(atMs);
      if (q.service !== undefined && q.service !== '') {
        const sub = neighbourhood(graph, q.service, depth);
        if (sub === undefined) {
          throw new FaultlineError(
            HttpErrorCode.NotFound,
            `no node '${q.service}' in the topology at that time`,
          );
        }
        graph = sub;
      }
      if (format === 'dot') return reply.type('text/vnd.graphviz; charset=utf-8').send(graphToDot(graph));
      return graphToJson(graph);
    },
  );
};

function formatOf(text: string | undefined): 'json' | 'dot' {
  if (text === undefined || text === 'json') return 'json';
  if (text === 'dot') return 'dot';
  throw new FaultlineError(HttpErrorCode.BadRequest, `format: expected json or dot, got '${text}'`);
}

function depthOf(text: string | undefined): number {
  if (text === undefined) return 1;
  const depth = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(depth) || depth > MAX_DEPTH) {
    throw new FaultlineError(
      HttpErrorCode.BadRequest,
      `depth: expected a whole number from 0 to ${MAX_DEPTH}, got '${text}'`,
    );
  }
  return depth;
}
