import type { SeriesSubject } from '../../core/api-types.js';

/**
 * What a series describes: one service, or one directed edge of the service topology
 * (calls from `source` to `target`).
 */
export type Subject = SeriesSubject;

/** Where data of subjects beyond the cardinality cap goes. */
export const OVERFLOW_SUBJECT: Subject = Object.freeze({ kind: 'service', service: '__overflow__' });

/**
 * A stable string key for a subject: `svc:<service>` or `edge:<source>-><target>`. In edge
 * keys `%` and `>` inside names are percent-encoded, so `->` only ever separates the two
 * names and {@link parseSubjectKey} inverts this exactly.
 */
export function subjectKey(subject: Subject): string {
  return subject.kind === 'service'
    ? `svc:${subject.service}`
    : `edge:${escapeName(subject.source)}->${escapeName(subject.target)}`;
}

/** The subject a key made by {@link subjectKey} names, or undefined for any other string. */
export function parseSubjectKey(key: string): Subject | undefined {
  if (key.startsWith('svc:')) return { kind: 'service', service: key.slice(4) };
  if (!key.startsWith('edge:')) return undefined;
  const body = key.slice(5);
  const arrow = body.indexOf('>');
  if (arrow < 1 || body[arrow - 1] !== '-' || body.indexOf('>', arrow + 1) !== -1) return undefined;
  try {
    return {
      kind: 'edge',
      source: decodeURIComponent(body.slice(0, arrow - 1)),
      target: decodeURIComponent(body.slice(arrow + 1)),
    };
  } catch {
    return undefined;
  }
}

/** Two subjects are the same when their keys are. */
export function sameSubject(a: Subject, b: Subject): boolean {
  return subjectKey(a) === subjectKey(b);
}

function escapeName(name: string): string {
  return name.replaceAll('%', '%25').replaceAll('>', '%3E');
}
