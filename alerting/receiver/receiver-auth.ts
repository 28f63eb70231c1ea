import { createHash, timingSafeEqual } from 'node:crypto';

/** Who may post Alertmanager webhooks: `alerting.receiver` of the configuration. */
export interface ReceiverAuthConfig {
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
}

/** The challenges a 401 carries, one per configured scheme. */
export function authChallenges(auth: ReceiverAuthConfig): string[] {
  const challenges: string[] = [];
  if (auth.bearerToken !== undefined) challenges.push('Bearer realm="faultline"');
  if (auth.basicAuth !== undefined) challenges.push('Basic realm="faultline", charset="UTF-8"');
  return challenges;
}

export function authRequired(auth: ReceiverAuthConfig): boolean {
  return auth.bearerToken !== undefined || auth.basicAuth !== undefined;
}

/**
 * Whether an `Authorization` header satisfies one of the configured schemes. Secrets are
 * compared in constant time (as SHA-256 digests, so lengths do not leak either). With no
 * scheme configured everyone is allowed.
 */
export function isAuthorized(auth: ReceiverAuthConfig, header: string | undefined): boolean {
  if (!authRequired(auth)) return true;
  if (header === undefined) return false;
  const space = header.indexOf(' ');
  if (space < 0) return false;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer' && auth.bearerToken !== undefined) return sameSecret(value, auth.bearerToken);
  if (scheme === 'basic' && auth.basicAuth !== undefined) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    // Both compared, always: no early exit on a wrong user name.
    const user = sameSecret(decoded.slice(0, colon), auth.basicAuth.username);
    const password = sameSecret(decoded.slice(colon + 1), auth.basicAuth.password);
    return user && password;
  }
  return false;
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
