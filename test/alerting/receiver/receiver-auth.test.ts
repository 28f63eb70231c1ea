import { describe, expect, it } from 'vitest';
import { authChallenges, isAuthorized } from '../../../alerting/receiver/receiver-auth.js';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const TOKEN = 'a-long-enough-bearer-token';

describe('receiver auth', () => {
  it('without configured credentials, everyone is allowed', () => {
    expect(isAuthorized({}, undefined)).toBe(true);
    expect(authChallenges({})).toEqual([]);
  });

  it('bearer: the exact token only, scheme case-insensitive', () => {
    const auth = { bearerToken: TOKEN };
    expect(isAuthorized(auth, `Bearer ${TOKEN}`)).toBe(true);
    expect(isAuthorized(auth, `bearer ${TOKEN}`)).toBe(true);
    expect(isAuthorized(auth, `Bearer ${TOKEN}x`)).toBe(false);
    expect(isAuthorized(auth, `Bearer ${TOKEN.slice(1)}`)).toBe(false);
    expect(isAuthorized(auth, undefined)).toBe(false);
    expect(isAuthorized(auth, TOKEN)).toBe(false);
    expect(isAuthorized(auth, basic('x', TOKEN))).toBe(false);
    expect(authChallenges(auth)).toEqual(['Bearer realm="faultline"']);
  });

  it('basic: user and password must both match; a colon in the password is fine', () => {
    const auth = { basicAuth: { username: 'alertmanager', password: 'p:ss' } };
    expect(isAuthorized(auth, basic('alertmanager', 'p:ss'))).toBe(true);
    expect(isAuthorized(auth, basic('alertmanager', 'p:s'))).toBe(false);
    expect(isAuthorized(auth, basic('someone', 'p:ss'))).toBe(false);
    expect(isAuthorized(auth, 'Basic !!!not-base64')).toBe(false);
  });

  it('with both configured, either works and both are offered', () => {
    const auth = { bearerToken: TOKEN, basicAuth: { username: 'u', password: 'p' } };
    expect(isAuthorized(auth, `Bearer ${TOKEN}`)).toBe(true);
    expect(isAuthorized(auth, basic('u', 'p'))).toBe(true);
    expect(authChallenges(auth)).toHaveLength(2);
  });
});
