import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type EnvironmentVariables, validateEnvironment, type SignupMode } from './env.validation.js';

/** Typed, validated settings with their derived defaults; injected by class. */
export class AppConfig {
  readonly port: number;
  readonly appUrl: string;
  readonly databaseUrl: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly jwtSecret: string;
  readonly signupMode: SignupMode;
  /** Whether anyone may start creating an organization (open or confirm-email). */
  readonly signupEnabled: boolean;
  readonly retentionDays: number;
  readonly reminderHours: number;
  readonly seedDemo: boolean;
  readonly trustProxy: boolean;
  readonly production: boolean;
  readonly workersEnabled: boolean;
  readonly logLevel: string;
  readonly varDir: string;
  /** Where /metrics listens, or undefined when metrics are off (the default). */
  readonly metrics: { port: number; host: string } | undefined;

  constructor(env: EnvironmentVariables) {
    this.port = env.PORT;
    this.appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    this.databaseUrl = env.DATABASE_URL;
    this.smtpUrl = env.SMTP_URL;
    this.mailFrom = env.MAIL_FROM.trim();
    this.production = env.NODE_ENV === 'production';
    // A public server checks new owners' addresses unless told otherwise; development signs them in at once.
    this.signupMode = env.SIGNUP_MODE ?? (!env.SIGNUP_ENABLED ? 'invitation-only' : this.production ? 'confirm-email' : 'open');
    this.signupEnabled = this.signupMode !== 'invitation-only';
    this.retentionDays = env.RETENTION_DAYS;
    this.reminderHours = env.REMINDER_HOURS;
    this.seedDemo = env.SEED_DEMO ?? (!env.DATABASE_URL && !this.production);
    this.trustProxy = env.TRUST_PROXY;
    this.workersEnabled = env.WORKERS_ENABLED;
    this.logLevel = env.LOG_LEVEL;
    this.varDir = resolve(env.VAR_DIR);
    this.metrics = env.METRICS_PORT === undefined ? undefined : { port: env.METRICS_PORT, host: env.METRICS_HOST ?? '127.0.0.1' };
    this.jwtSecret = env.JWT_SECRET ?? this.developmentJwtSecret();
  }

  /** Development keeps a generated secret under var/ so logins survive restarts. */
  private developmentJwtSecret(): string {
    const file = join(this.varDir, 'jwt-secret');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(this.varDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  return new AppConfig(validateEnvironment(env));
}
