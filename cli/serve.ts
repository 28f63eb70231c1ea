import { loadConfig } from '../config/load.js';
import { sourceKinds, storeKind } from '../config/schema.js';
import { createEngine } from '../engine/create-engine.js';
import { createLogger, resolveLogFormat } from '../observability/logger.js';
import { demoSlos } from './demo/demo-slos.js';
import { prepareDemo } from './demo/start-demo.js';
import { parseCliArgs } from './usage.js';

const HELP = `usage: faultline serve [--config faultline.yaml] [--demo]

Runs the engine. Without --config it runs on embedded defaults: in-memory store,
OTLP/HTTP receiver on 127.0.0.1:4318, OTLP/gRPC on 127.0.0.1:4317, API and dashboard on 127.0.0.1:8080.
Environment variables FAULTLINE_* override the file (see docs/configuration.md).

--demo   feed the engine with the built-in simulator: a week of Sock Shop traffic
         backfilled (sampled before the last 90 minutes; progress is logged), a fault
         injected into carts, then live traffic; an alert
         fires and an incident opens within a minute (uses examples/demo/slos.yaml
         unless the config names SLO files).`;

/** `faultline serve`: run until SIGTERM or SIGINT, then drain and exit 0. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseCliArgs(
    argv,
    {
      config: { type: 'string', short: 'c' },
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const config = loadConfig({
    ...(values.config === undefined ? {} : { file: values.config }),
    env: process.env,
  });
  const logger = createLogger(
    config.log.level,
    undefined,
    resolveLogFormat(config.log.format, process.stdout.isTTY === true),
  );
  const demoSlosNeeded = values.demo === true && config.slos.files.length === 0;
  const { engine, api, otlp, otlpGrpc, sink, status } = createEngine(config, {
    logger,
    ...(demoSlosNeeded ? { slos: demoSlos() } : {}),
  });
  const demo = values.demo ? await prepareDemo({ sink, logger, now: () => Date.now() }) : undefined;
  await engine.start();
  demo?.startLive();
  const url = (c: { address(): { host: string; port: number } }) =>
    `http://${c.address().host}:${c.address().port}`;
  logger.info(
    // The one start-up summary: where to point a browser and exporters, and what runs.
    {
      api: url(api),
      dashboard: `${url(api)}/`,
      ...(otlp ? { otlp: url(otlp) } : {}),
      ...(otlpGrpc ? { otlpGrpc: `${otlpGrpc.address().host}:${otlpGrpc.address().port}` } : {}),
      store: storeKind(config),
      sources: [...sourceKinds(config), ...(demo ? ['demo simulator'] : [])],
      slos: status.slos.length,
    },
    'faultline is running',
  );

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    logger.error({ timeoutMs: config.shutdown.timeoutMs }, 'shutdown timed out; exiting');
    logger.flush();
    process.exit(1);
  }, config.shutdown.timeoutMs);
  deadline.unref();
  await demo?.close();
  await engine.close();
  clearTimeout(deadline);
  logger.info('stopped');
  logger.flush();
  return 0;
}
