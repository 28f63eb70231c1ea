/**
 * JSON schemas for the API's query strings and path parameters. Every value arrives as text
 * and the routes parse it themselves (times, durations, limits), with messages that name the
 * parameter; the schemas state which parameters a route reads and that each is text, so a
 * repeated parameter (`?at=1&at=2`) is refused as FL_API_BAD_REQUEST before a route sees it.
 * Unknown parameters are left alone, as they always were.
 */

type TextSchema =
  | { type: 'string' }
  | { anyOf: [{ type: 'string' }, { type: 'array'; items: { type: 'string' } }] };

/** A query string of optional text parameters. */
export function querySchema(...names: string[]): { type: 'object'; properties: Record<string, TextSchema> } {
  return { type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])) };
}

/** A query string whose `repeatable` parameters may come more than once (`?signal=a&signal=b`). */
export function queryWithLists(names: string[], repeatable: string[]): ReturnType<typeof querySchema> {
  const schema = querySchema(...names);
  for (const n of repeatable) {
    schema.properties[n] = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
  }
  return schema;
}

/** Path parameters, all required text. */
export function paramsSchema(...names: string[]): {
  type: 'object';
  required: string[];
  properties: Record<string, TextSchema>;
} {
  return { ...querySchema(...names), required: names };
}

/** The schema of a route that reads no parameters. */
export const NO_INPUT = { querystring: querySchema() } as const;
