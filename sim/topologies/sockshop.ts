import type { NodeDef, OperationDef, Resources, Topology } from '../topology.js';

const svc = (cpuBase: number, cpuPerRps: number, memMb: number): Resources => ({
  cpuBase,
  cpuPerRps,
  memMb,
  memPerRps: memMb / 400,
});

const op = (medianMs: number, sigma: number, rest: Omit<OperationDef, 'latency'> = {}): OperationDef => ({
  latency: { medianMs, sigma },
  errorRate: 0.0005,
  ...rest,
});

const service = (name: string, resources: Resources, operations: Record<string, OperationDef>): NodeDef => ({
  name,
  kind: 'service',
  port: 80,
  resources,
  operations,
});

const session = { to: 'redis-cache', op: 'GET' };

/**
 * A Sock Shop-shaped web shop (https://github.com/microservices-demo), extended with an
 * `auth` and a `recommender` service: ten services, four databases (MySQL and MongoDB), a
 * Redis cache (sessions for the front end, a read-through cache for carts) and RabbitMQ
 * carrying shipping tasks from `shipping` to `queue-master`.
 *
 * ```
 * front-end → redis-cache, catalogue, recommender, carts, auth, orders
 * catalogue → catalogue-db (mysql)        recommender → catalogue
 * carts → redis-cache, carts-db (mongodb) auth → redis-cache, user
 * user → user-db (mongodb)                orders → user, carts, payment, shipping, orders-db (mongodb)
 * shipping → rabbitmq → queue-master      payment (leaf, slowest: an external card gateway)
 * ```
 */
export const sockshop: Topology = {
  name: 'sockshop',
  entry: 'front-end',
  mix: [
    { op: 'GET /', weight: 20 },
    { op: 'GET /catalogue', weight: 28 },
    { op: 'GET /detail/{id}', weight: 15 },
    { op: 'GET /cart', weight: 14 },
    { op: 'POST /cart', weight: 10 },
    { op: 'POST /login', weight: 6 },
    { op: 'POST /orders', weight: 7 },
  ],
  callTimeoutMs: 3000,
  network: { medianMs: 0.25, sigma: 0.4 },
  nodes: [
    service('front-end', svc(0.05, 0.01, 180), {
      'GET /': op(4, 0.4, {
        calls: [
          session,
          { to: 'catalogue', op: 'GET /catalogue' },
          { to: 'recommender', op: 'GET /recommendations', optional: true },
        ],
      }),
      'GET /catalogue': op(3, 0.4, { calls: [session, { to: 'catalogue', op: 'GET /catalogue' }] }),
      'GET /detail/{id}': op(3, 0.4, {
        calls: [
          session,
          { to: 'catalogue', op: 'GET /catalogue/{id}' },
          { to: 'recommender', op: 'GET /recommendations', optional: true },
        ],
      }),
      'GET /cart': op(2.5, 0.4, { calls: [session, { to: 'carts', op: 'GET /carts/{id}/items' }] }),
      'POST /cart': op(3, 0.4, {
        calls: [
          session,
          { to: 'catalogue', op: 'GET /catalogue/{id}' },
          { to: 'carts', op: 'POST /carts/{id}/items' },
        ],
      }),
      'POST /login': op(3, 0.4, { calls: [{ to: 'auth', op: 'POST /login' }] }),
      'POST /orders': op(4, 0.4, {
        calls: [session, { to: 'auth', op: 'GET /validate' }, { to: 'orders', op: 'POST /orders' }],
      }),
    }),
    service('catalogue', svc(0.04, 0.008, 60), {
      'GET /catalogue': op(2, 0.35, { calls: [{ to: 'catalogue-db', op: 'SELECT sock' }] }),
      'GET /catalogue/{id}': op(1.5, 0.35, { calls: [{ to: 'catalogue-db', op: 'SELECT sock' }] }),
    }),
    service('recommender', svc(0.06, 0.012, 240), {
      'GET /recommendations': op(6, 0.5, { calls: [{ to: 'catalogue', op: 'GET /catalogue' }] }),
    }),
    service('carts', svc(0.08, 0.01, 420), {
      'GET /carts/{id}/items': op(3, 0.4, {
        calls: [
          { to: 'redis-cache', op: 'GET' },
          { to: 'carts-db', op: 'find items', p: 0.3 },
        ],
      }),
      'POST /carts/{id}/items': op(4, 0.4, {
        calls: [
          { to: 'carts-db', op: 'find items' },
          { to: 'carts-db', op: 'update items' },
          { to: 'redis-cache', op: 'SET', optional: true },
        ],
      }),
      'DELETE /carts/{id}': op(2, 0.4, { calls: [{ to: 'carts-db', op: 'delete items' }] }),
    }),
    service('auth', svc(0.03, 0.006, 90), {
      'POST /login': op(5, 0.4, {
        calls: [
          { to: 'user', op: 'GET /login' },
          { to: 'redis-cache', op: 'SET' },
        ],
      }),
      'GET /validate': op(1, 0.4, {
        calls: [
          { to: 'redis-cache', op: 'GET' },
          { to: 'user', op: 'GET /customers/{id}', p: 0.1 },
        ],
      }),
    }),
    service('user', svc(0.05, 0.008, 110), {
      'GET /login': op(8, 0.3, { calls: [{ to: 'user-db', op: 'find customers' }] }),
      'GET /customers/{id}': op(2, 0.4, { calls: [{ to: 'user-db', op: 'find customers' }] }),
      'GET /customers/{id}/addresses': op(2, 0.4, { calls: [{ to: 'user-db', op: 'find addresses' }] }),
      'GET /customers/{id}/cards': op(2, 0.4, { calls: [{ to: 'user-db', op: 'find cards' }] }),
    }),
    service('orders', svc(0.1, 0.02, 460), {
      'POST /orders': op(10, 0.4, {
        calls: [
          { to: 'user', op: 'GET /customers/{id}' },
          { to: 'user', op: 'GET /customers/{id}/addresses' },
          { to: 'user', op: 'GET /customers/{id}/cards' },
          { to: 'carts', op: 'GET /carts/{id}/items' },
          { to: 'payment', op: 'POST /paymentAuth' },
          { to: 'shipping', op: 'POST /shipping' },
          { to: 'orders-db', op: 'insert orders' },
          { to: 'carts', op: 'DELETE /carts/{id}', optional: true },
        ],
      }),
    }),
    service('payment', svc(0.02, 0.004, 40), { 'POST /paymentAuth': op(45, 0.45, { errorRate: 0.002 }) }),
    service('shipping', svc(0.05, 0.01, 300), {
      'POST /shipping': op(3, 0.4, { calls: [{ to: 'rabbitmq', op: 'shipping-task' }] }),
    }),
    service('queue-master', svc(0.05, 0.015, 280), { 'process shipping-task': op(25, 0.5) }),
    {
      name: 'catalogue-db',
      kind: 'database',
      system: 'mysql',
      namespace: 'socksdb',
      port: 3306,
      resources: { cpuBase: 0.06, cpuPerRps: 0.004, memMb: 700, memPerRps: 0.5 },
      operations: { 'SELECT sock': op(1.8, 0.5, { errorRate: 0 }) },
    },
    ...['carts', 'orders', 'user'].map(
      (name): NodeDef => ({
        name: `${name}-db`,
        kind: 'database',
        system: 'mongodb',
        namespace: 'data',
        port: 27017,
        resources: { cpuBase: 0.05, cpuPerRps: 0.003, memMb: 900, memPerRps: 0.5 },
        operations: {
          'find items': op(1.2, 0.5, { errorRate: 0 }),
          'update items': op(2.2, 0.5, { errorRate: 0 }),
          'delete items': op(1.8, 0.5, { errorRate: 0 }),
          'insert orders': op(2.5, 0.5, { errorRate: 0 }),
          'find customers': op(1.2, 0.5, { errorRate: 0 }),
          'find addresses': op(1.2, 0.5, { errorRate: 0 }),
          'find cards': op(1.2, 0.5, { errorRate: 0 }),
        },
      }),
    ),
    {
      name: 'redis-cache',
      kind: 'cache',
      system: 'redis',
      namespace: '0',
      port: 6379,
      resources: { cpuBase: 0.02, cpuPerRps: 0.001, memMb: 256, memPerRps: 0.05 },
      operations: { GET: op(0.3, 0.4, { errorRate: 0 }), SET: op(0.35, 0.4, { errorRate: 0 }) },
    },
    {
      name: 'rabbitmq',
      kind: 'queue',
      system: 'rabbitmq',
      port: 5672,
      resources: { cpuBase: 0.04, cpuPerRps: 0.005, memMb: 150, memPerRps: 0.2 },
      operations: {
        'shipping-task': op(1, 0.4, {
          errorRate: 0,
          consumer: {
            service: 'queue-master',
            op: 'process shipping-task',
            delay: { medianMs: 8, sigma: 0.8 },
          },
        }),
      },
    },
  ],
};
