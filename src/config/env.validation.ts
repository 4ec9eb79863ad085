import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, isEmail, IsInt, IsIP, IsOptional, IsString, IsUrl, Max, Min, MinLength, validateSync } from 'class-validator';

export type NodeEnv = 'development' | 'production' | 'test';

/** How organizations come to exist: anyone at once, anyone once their address is confirmed, or by invitation only. */
export const SIGNUP_MODES = ['open', 'confirm-email', 'invitation-only'] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off'].includes(normalized)) return false;
  return value;
};

const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** The environment, exactly as the README's "Configuration" table names it. */
export class EnvironmentVariables {
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  APP_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['postgres', 'postgresql'], require_protocol: true })
  DATABASE_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  MAIL_FROM: string = 'Townhall <no-reply@localhost>';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SIGNUP_ENABLED: boolean = true;

  /** Unset: `invitation-only` when SIGNUP_ENABLED is false, else `confirm-email` in production and `open` otherwise. */
  @IsOptional()
  @IsIn(SIGNUP_MODES, { message: `SIGNUP_MODE must be one of ${SIGNUP_MODES.join(', ')}` })
  SIGNUP_MODE?: SignupMode;

  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(3650)
  RETENTION_DAYS: number = 30;

  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(24 * 30)
  REMINDER_HOURS: number = 24;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY: boolean = false;

  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: NodeEnv = 'development';

  /** Lets a process serve HTTP without delivering mail, e.g. extra web instances. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  WORKERS_ENABLED: boolean = true;

  @IsOptional()
  @IsString()
  VAR_DIR: string = 'var';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Serves Prometheus metrics at /metrics on this port; unset, there is no such listener. */
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  @IsOptional()
  @IsIP(undefined, { message: 'METRICS_HOST must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1' })
  METRICS_HOST?: string;
}

export class ConfigValidationError extends Error {}

const MAIL_FROM_ADDRESS = /<([^<>\s]+@[^<>\s]+)>\s*$|^([^<>\s]+@[^<>\s]+)$/;

/** Validates the environment; throws one line naming the first wrong variable. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const [error] = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  if (error) {
    const reason = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigValidationError(
      `Invalid environment variable ${error.property}: ${reason.replace(new RegExp(`^${error.property} `), '')} (got ${JSON.stringify(String(error.value))}).`,
    );
  }
  const fromAddress = env.MAIL_FROM.trim().match(MAIL_FROM_ADDRESS);
  if (!fromAddress || !isEmail(fromAddress[1] ?? fromAddress[2], { require_tld: false })) {
    throw new ConfigValidationError(
      `Invalid environment variable MAIL_FROM: must be an address like "Townhall <no-reply@example.org>" (got ${JSON.stringify(env.MAIL_FROM)}).`,
    );
  }
  if (env.METRICS_HOST && env.METRICS_PORT === undefined) {
    throw new ConfigValidationError('Invalid environment variable METRICS_HOST: set METRICS_PORT too, or metrics are not served at all.');
  }
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
    throw new ConfigValidationError(
      `Invalid environment variable METRICS_PORT: must differ from PORT (both are ${env.PORT}); metrics never share the public port.`,
    );
  }
  const signupSwitchedOff = present.SIGNUP_ENABLED !== undefined && !env.SIGNUP_ENABLED;
  const signupSwitchedOn = present.SIGNUP_ENABLED !== undefined && env.SIGNUP_ENABLED;
  if (
    (signupSwitchedOff && env.SIGNUP_MODE && env.SIGNUP_MODE !== 'invitation-only') ||
    (signupSwitchedOn && env.SIGNUP_MODE === 'invitation-only')
  ) {
    throw new ConfigValidationError(
      `Invalid environment variable SIGNUP_MODE: ${env.SIGNUP_MODE} contradicts SIGNUP_ENABLED=${String(present.SIGNUP_ENABLED)}; set one of them.`,
    );
  }
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    throw new ConfigValidationError('Missing environment variable JWT_SECRET: it is required when NODE_ENV=production.');
  }
  return env;
}
