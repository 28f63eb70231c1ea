import { z } from 'zod';

/** Root-cause ranking on the live path (correlate/live); its reach is `incidents.rootCause`. */
export const rootCauseSchema = z.strictObject({
  /**
   * Which ranker the API, incidents, alert annotations and the dashboard run: `classic`
   * (default) or `calibrated`; docs/root-cause.md says why classic is the default.
   */
  ranker: z.enum(['classic', 'calibrated']).default('classic'),
});
