import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { createEngine } from '../engine/create-engine.js';
import { createLogger } from '../observability/logger.js';
import { demoSlos } from './demo/demo-slos.js';
import { prepareDemo } from './demo/start-demo.js';

const HELP = `usage: faultline serve [--config faultline.yaml] [--demo]

Runs the engine. Without --config it runs on embedded defaults: in-memory store,
OTLP/HTTP receiver on 127.0.0.1:4318, API and dashboard on 127.0.0.1:8080.
Environment variables FAULTLINE_* override the file (see the README).

--demo   feed the engine with the built-in simulator: two hours of Sock Shop traffic
         backfilled in seconds, a fault injected into carts, then live traffic; an alert
         fires and an incident opens within a minute (uses built-in SLOs unless the
         config names SLO files).`;

/** `faultline serve`: run until SIGTERM or SIGINT, then drain and exit 0. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const config = loadConfig({
    ...(values.config === undefined ? {} : { file: values.config }),
    env: process.env,
  });
  const logger = createLogger(config.log.level);
  const demoSlosNeeded = values.demo === true && config.slos.files.length === 0;
  const { engine, api, otlp, sink } = createEngine(config, {
    logger,
    ...(demoSlosNeeded ? { slos: demoSlos() } : {}),
  });
  const demo = values.demo ? await prepareDemo({ sink, logger, now: () => Date.now() }) : undefined;
  await engine.start();
  demo?.startLive();
  const url = (c: { address(): { host: string; port: number } }) =>
    `http://${c.address().host}:${c.address().port}`;
  logger.info({ api: url(api), ...(otlp ? { otlp: url(otlp) } : {}) }, 'faultline is running');

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
