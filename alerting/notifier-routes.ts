import { ConfigError, type ConfigProblem } from '../config/errors.js';
import type { Config } from '../config/schema.js';
import { AlertingError, AlertingErrorCode } from './errors.js';
import { type Matcher, parseMatcher } from './matchers.js';
import type { Routes } from './routing.js';

/**
 * The route of every configured notifier, by notifier name (`alertmanager`, `slack:<name>`,
 * `webhook:<name>`), from the `matchers` of `alerting.notifiers`. Throws a ConfigError
 * (`FL_ALERTING_MATCHER_INVALID`) naming `source`, each field that does not parse and why.
 */
export function notifierRoutes(config: Config, source: string): Routes {
  const n = config.alerting.notifiers;
  const problems: ConfigProblem[] = [];
  const routes = new Map<string, readonly Matcher[]>();
  const add = (name: string, path: string, texts: readonly string[]) => {
    const parsed: Matcher[] = [];
    texts.forEach((text, i) => {
      try {
        parsed.push(parseMatcher(text));
      } catch (err) {
        if (!(err instanceof AlertingError)) throw err;
        problems.push({ source, path: `${path}.matchers.${i}`, expected: err.message });
      }
    });
    routes.set(name, parsed);
  };
  add('alertmanager', 'alerting.notifiers.alertmanager', n.alertmanager.matchers);
  for (const [i, s] of n.slack.entries()) add(`slack:${s.name}`, `alerting.notifiers.slack.${i}`, s.matchers);
  for (const [i, w] of n.webhook.entries()) {
    add(`webhook:${w.name}`, `alerting.notifiers.webhook.${i}`, w.matchers);
  }
  if (problems.length > 0) throw new ConfigError(AlertingErrorCode.MatcherInvalid, problems);
  return routes;
}
