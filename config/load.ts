import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { applyEnvOverrides } from './env.js';
import { ConfigError, ConfigErrorCode, type ConfigProblem } from './errors.js';
import { type Config, configSchema } from './schema.js';
import { fieldsAt } from './schema-fields.js';

export interface LoadConfigOptions {
  /** Path of the YAML file; none means embedded defaults. */
  file?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** The file each loaded configuration came from, for errors found after loading. */
const sources = new WeakMap<Config, string>();

/**
 * The file a configuration was loaded from, or `(defaults)`; `(config)` for one built
 * without `loadConfig` (tests). Checks that need more than the file itself (the SLOs it
 * loads) name it in their errors.
 */
export function configSource(config: Config): string {
  return sources.get(config) ?? '(config)';
}

/** Reads, overrides and validates the configuration once, at start-up. Throws ConfigError. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const source = options.file ?? '(defaults)';
  const doc = options.file === undefined ? {} : readDocument(options.file);
  const fromEnv = applyEnvOverrides(doc, options.env ?? {});
  const result = configSchema.safeParse(doc);
  if (result.success) {
    // Spec files named in a config file are found next to it, wherever faultline runs.
    const base = options.file === undefined ? process.cwd() : dirname(resolve(options.file));
    result.data.slos.files = result.data.slos.files.map((f) => resolve(base, f));
    sources.set(result.data, source);
    return result.data;
  }

  // Report a bad field under the variable that set it, so the user looks in the right place.
  const problems: ConfigProblem[] = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const variable = [...fromEnv.entries()].find(([p]) => path === p || path.startsWith(`${p}.`))?.[1];
    return {
      source: variable ?? source,
      path,
      expected: describeIssue(issue),
      ...(variable ? { variable: true } : {}),
    };
  });
  throw new ConfigError(ConfigErrorCode.Invalid, problems);
}

/** Parses a YAML document into a plain object; an empty file is an empty document. */
function readDocument(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      ConfigErrorCode.Unreadable,
      [
        {
          source: file,
          path: '',
          expected: `expected a readable file (${READ_FAILURES[(err as NodeJS.ErrnoException).code ?? ''] ?? (err as Error).message})`,
        },
      ],
      { cause: err },
    );
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    throw new ConfigError(
      ConfigErrorCode.Unreadable,
      [{ source: file, path: '', expected: `expected valid YAML${where}` }],
      {
        cause: err,
      },
    );
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(ConfigErrorCode.Invalid, [
      {
        source: file,
        path: '',
        expected: 'expected a mapping of sections (http, kafka, ...) at the top level',
      },
    ]);
  }
  return value as Record<string, unknown>;
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/** How a person names the YAML value a field wants. */
const TYPE_NOUNS: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping of fields',
  array: 'a list',
  int: 'a whole number',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = fieldsAt(configSchema, issue.path);
      const unknown = issue.keys.map((k) => `"${k}"`).join(', ');
      return `unknown field ${unknown}${known.length > 0 ? `: expected one of ${known.join(', ')}` : ''}`;
    }
    case 'invalid_type':
      return `expected ${TYPE_NOUNS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`
        : issue.origin === 'string'
          ? `expected at least ${String(issue.minimum)} character${issue.minimum === 1 ? '' : 's'}`
          : `expected a number of at least ${String(issue.minimum)}`;
    case 'too_big':
      return `expected a number of at most ${String(issue.maximum)}`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}
