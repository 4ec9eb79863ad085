import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './app-config.js';
import { validateEnvironment } from './env.validation.js';

describe('validateEnvironment', () => {
  it('applies the documented defaults (README, Configuration)', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      MAIL_FROM: 'Townhall <no-reply@localhost>',
      SIGNUP_ENABLED: true,
      RETENTION_DAYS: 30,
      REMINDER_HOURS: 24,
      TRUST_PROXY: false,
      NODE_ENV: 'development',
    });
  });

  it('converts booleans and numbers written in the usual ways', () => {
    const env = validateEnvironment({ SIGNUP_ENABLED: 'no', TRUST_PROXY: '1', PORT: ' 8080 ' });
    expect(env).toMatchObject({ SIGNUP_ENABLED: false, TRUST_PROXY: true, PORT: 8080 });
  });

  it.each([
    [{ PORT: '70000' }, /^Invalid environment variable PORT: .*70000/],
    [{ REMINDER_HOURS: '1.5' }, /^Invalid environment variable REMINDER_HOURS/],
    [{ SMTP_URL: 'http://mail' }, /^Invalid environment variable SMTP_URL/],
    [{ JWT_SECRET: 'short' }, /^Invalid environment variable JWT_SECRET: .*at least 32/],
    [{ NODE_ENV: 'staging' }, /^Invalid environment variable NODE_ENV/],
    [{ NODE_ENV: 'production' }, /^Missing environment variable JWT_SECRET/],
    [{ METRICS_PORT: '0' }, /^Invalid environment variable METRICS_PORT/],
    [{ METRICS_PORT: '3000' }, /^Invalid environment variable METRICS_PORT: must differ from PORT/],
    [{ METRICS_PORT: '9100', METRICS_HOST: 'metrics.internal' }, /^Invalid environment variable METRICS_HOST: must be an IP address/],
    [{ METRICS_HOST: '0.0.0.0' }, /^Invalid environment variable METRICS_HOST: set METRICS_PORT too/],
    [{ SIGNUP_MODE: 'closed' }, /^Invalid environment variable SIGNUP_MODE: must be one of open, confirm-email, invitation-only/],
    [{ SIGNUP_MODE: 'open', SIGNUP_ENABLED: 'false' }, /^Invalid environment variable SIGNUP_MODE: open contradicts SIGNUP_ENABLED=false/],
    [{ SIGNUP_MODE: 'invitation-only', SIGNUP_ENABLED: 'true' }, /^Invalid environment variable SIGNUP_MODE: invitation-only contradicts/],
  ])('names the wrong variable: %j', (raw, message) => {
    expect(() => validateEnvironment(raw)).toThrow(message);
  });

  it('serves metrics only when METRICS_PORT is set, on loopback unless METRICS_HOST says otherwise', () => {
    // With a secret given, loading writes nothing under var/.
    const config = (env: Record<string, string>) => loadConfig({ JWT_SECRET: 'x'.repeat(32), ...env });
    expect(config({}).metrics).toBeUndefined();
    expect(config({ METRICS_PORT: '9100' }).metrics).toEqual({ port: 9100, host: '127.0.0.1' });
    expect(config({ METRICS_PORT: '9100', METRICS_HOST: '::' }).metrics).toEqual({ port: 9100, host: '::' });
  });

  it('lets the operator choose how organizations are created, SIGNUP_ENABLED=false meaning by invitation only', () => {
    const config = (env: Record<string, string>) => loadConfig({ JWT_SECRET: 'x'.repeat(32), ...env });
    expect(config({}).signupMode).toBe('open');
    expect(config({ SIGNUP_ENABLED: 'false' }).signupMode).toBe('invitation-only');
    // A public server checks a new owner's address unless the operator chooses otherwise.
    expect(config({ NODE_ENV: 'production' }).signupMode).toBe('confirm-email');
    expect(config({ NODE_ENV: 'production', SIGNUP_MODE: 'open' }).signupMode).toBe('open');
    expect(config({ NODE_ENV: 'production', SIGNUP_ENABLED: 'false' }).signupMode).toBe('invitation-only');
    expect(config({ SIGNUP_MODE: 'confirm-email' })).toMatchObject({ signupMode: 'confirm-email', signupEnabled: true });
    expect(config({ SIGNUP_MODE: 'invitation-only', SIGNUP_ENABLED: 'no' })).toMatchObject({
      signupMode: 'invitation-only',
      signupEnabled: false,
    });
  });

  it('never echoes a secret it rejects in full', () => {
    expect(() => validateEnvironment({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('accepts a display name with the sender address', () => {
    expect(validateEnvironment({ MAIL_FROM: 'Coalición Townhall <forums@example.org>' }).MAIL_FROM).toBe(
      'Coalición Townhall <forums@example.org>',
    );
  });
});
