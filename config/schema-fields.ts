import type { z } from 'zod';

/** The parts of a zod definition read here; zod keeps them on `_zod.def`. */
interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch']);

/** The definition under defaults, optionals and transforms: what a config file writes there. */
function defOf(type: z.core.$ZodType): Def {
  let t = type;
  for (;;) {
    const def = t._zod.def as unknown as Def;
    if (WRAPPERS.has(def.type) && def.innerType) t = def.innerType;
    else if (def.type === 'pipe' && def.in) t = def.in;
    else return def;
  }
}

/**
 * Every leaf field of a configuration schema as a dotted path (`kafka.sasl.mechanism`); the
 * fields of objects inside a list are written `list[].field` (`auth.basicAuth[].username`).
 * The docs-coverage test checks each against docs/configuration.md and the example file.
 */
export function configFieldPaths(schema: z.core.$ZodType): string[] {
  const out: string[] = [];
  const walk = (type: z.core.$ZodType, path: string): void => {
    const def = defOf(type);
    if (def.type === 'object' && def.shape) {
      for (const [key, child] of Object.entries(def.shape)) walk(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    if (def.type === 'array' && def.element && defOf(def.element).type === 'object') {
      walk(def.element, `${path}[]`);
      return;
    }
    out.push(path);
  };
  walk(schema, '');
  return out;
}

/**
 * The field names the object at `path` takes (list indices step into the list's items), so
 * an unknown-field error can say what would have been accepted; [] when there is no object.
 */
export function fieldsAt(schema: z.core.$ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let def = defOf(schema);
  for (const key of path) {
    if (def.type === 'array' && def.element && typeof key === 'number') def = defOf(def.element);
    else if (def.type === 'object' && def.shape && typeof key === 'string' && def.shape[key])
      def = defOf(def.shape[key]);
    else return [];
  }
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}
