import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { validateEnvironment } from '../../src/config/env.validation.js';

/**
 * compose.yaml against the Compose Specification's JSON schema (vendored in compose-spec/, see
 * its README) and against what a real deployment needs: run by `npm test`, no container needed.
 */
const root = new URL('../../', import.meta.url);
// YAML 1.1 for its merge keys (`<<: *townhall`), which Compose reads too.
const compose = load(readFileSync(new URL('compose.yaml', root), 'utf8'), { schema: YAML11_SCHEMA }) as any;
const schema = JSON.parse(readFileSync(new URL('test/image/compose-spec/compose-spec.json', root), 'utf8'));

/** What Compose makes of `${NAME:?message}`, `${NAME:-default}` and `${NAME}` given `.env`. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    if (env[name] !== undefined) return env[name];
    if (kind === '?') throw new Error(`compose refuses to start: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

const dotEnv = {
  APP_URL: 'https://forums.example.org',
  POSTGRES_PASSWORD: 'a1b2c3d4e5f6',
  SMTP_URL: 'smtp://forums%40example.org:secret@smtp.example.org:587',
  MAIL_FROM: 'Neighbors Coalition <forums@example.org>',
  JWT_SECRET: 'x'.repeat(64),
};
const environmentOf = (service: string, env: Record<string, string> = dotEnv) =>
  Object.fromEntries(
    Object.entries(compose.services[service].environment as Record<string, string>).map(([k, v]) => [k, interpolate(String(v), env)]),
  );

describe('compose.yaml', () => {
  it('is valid by the Compose Specification schema', () => {
    // The schema names its meta-schema by an https address; Ajv knows draft-07 by its http one.
    const draft07 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-07.json');
    const ajv = new Ajv({ allErrors: true, strict: false }).addMetaSchema({ ...draft07, $id: schema.$schema });
    const validate = ajv.compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('gives Townhall settings its own validation accepts, production among them', () => {
    const env = environmentOf('townhall');
    expect(() => validateEnvironment(env)).not.toThrow();
    expect(env).toMatchObject({ NODE_ENV: 'production', TRUST_PROXY: 'true', APP_URL: dotEnv.APP_URL, SMTP_URL: dotEnv.SMTP_URL });
    expect(new URL(env.DATABASE_URL).host).toBe('postgres:5432');
  });

  it('refuses to start without each secret and address a deployment needs', () => {
    for (const missing of ['APP_URL', 'POSTGRES_PASSWORD', 'SMTP_URL', 'MAIL_FROM', 'JWT_SECRET']) {
      const env: Record<string, string> = { ...dotEnv };
      delete env[missing];
      expect(() => environmentOf('townhall', env)).toThrow(/compose refuses to start/);
    }
  });

  it('reaches PostgreSQL as the user and database the postgres service creates, with the same password', () => {
    const url = new URL(environmentOf('townhall').DATABASE_URL);
    const postgres = environmentOf('postgres');
    expect([url.username, url.password, url.pathname]).toEqual([
      postgres.POSTGRES_USER,
      postgres.POSTGRES_PASSWORD,
      `/${postgres.POSTGRES_DB}`,
    ]);
    expect(compose.services.townhall.depends_on.postgres.condition).toBe('service_healthy');
  });

  it('keeps both data folders in named volumes', () => {
    expect(compose.services.townhall.volumes).toEqual(['townhall-data:/data']);
    expect(compose.services.postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql']);
    expect(Object.keys(compose.volumes).sort()).toEqual(['postgres-data', 'townhall-data']);
  });

  it('runs one instance with the mail workers, and a web-only second one only when asked for', () => {
    expect(environmentOf('townhall').WORKERS_ENABLED).toBeUndefined();
    const web = compose.services['townhall-web'];
    expect(web.profiles).toEqual(['web-only']);
    expect(environmentOf('townhall-web')).toEqual({ ...environmentOf('townhall'), WORKERS_ENABLED: 'false' });
    expect(web.ports).not.toEqual(compose.services.townhall.ports);
  });
});
