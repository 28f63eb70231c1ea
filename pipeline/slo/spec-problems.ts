import type { z } from 'zod';
import type { SloProblem } from './errors.js';

/** Path of a field inside a document: keys and list indexes. */
export type FieldPath = ReadonlyArray<string | number>;

/** Where the loader is: one YAML document of one file, and the problems found so far. */
export interface DocContext {
  file: string;
  /** 1-based position of the document in its file. */
  document: number;
  problems: SloProblem[];
}

/** The `slo` label of a problem whose SLO has no usable name. */
export function unnamed(ctx: DocContext): string {
  return `(document ${ctx.document})`;
}

/** `spec.objectives.0.op`; keys that are not plain words are quoted: `annotations["a.b/c"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number' || /^[A-Za-z0-9_-]+$/.test(key)) out += out === '' ? String(key) : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

export function report(ctx: DocContext, slo: string, path: FieldPath, expected: string): void {
  ctx.problems.push({ file: ctx.file, slo, path: formatPath(path), expected });
}

/**
 * Records every zod issue as a problem under `base`. `input` is the value that was parsed,
 * used to tell a missing field from one of the wrong type.
 */
export function reportIssues(
  ctx: DocContext,
  slo: string,
  base: FieldPath,
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
): void {
  for (const issue of issues) {
    const path = [...base, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) report(ctx, slo, [...path, key], 'unknown field');
      continue;
    }
    report(ctx, slo, path, describe(issue, input));
  }
}

// Schemas give their own message on every check; only type and enum mismatches are worded here.
function describe(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const actual = valueAt(input, issue.path);
      const wanted = `expected ${noun(issue.expected)}`;
      return actual === undefined ? `${wanted} (missing)` : `${wanted}, got ${typeName(actual)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function noun(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

/** How a YAML value reads to the person who wrote it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reports problems of one SLO (or SLI), at paths relative to `base`. */
export interface Reporter {
  problem(path: FieldPath, expected: string): void;
  issues(path: FieldPath, input: unknown, issues: readonly z.core.$ZodIssue[]): void;
  /** A reporter for a part of this one: paths relative to `path`. */
  at(path: FieldPath): Reporter;
}

export function reporter(ctx: DocContext, slo: string, base: FieldPath = []): Reporter {
  return {
    problem: (path, expected) => report(ctx, slo, [...base, ...path], expected),
    issues: (path, input, issues) => reportIssues(ctx, slo, [...base, ...path], input, issues),
    at: (path) => reporter(ctx, slo, [...base, ...path]),
  };
}
