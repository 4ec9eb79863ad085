import { Writable } from 'node:stream';
import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';

/** Nest's start-up chatter (a line per module and per route), worth reading only when debugging. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
const INFO = 30;

/** pino's level numbers: name and ANSI colour. */
const LEVELS: Record<number, [name: string, color: string]> = {
  10: ['TRACE', '90'],
  20: ['DEBUG', '90'],
  30: ['INFO', '32'],
  40: ['WARN', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '31;1'],
};

interface LogEntry {
  level: number;
  time: number;
  msg?: string;
  context?: string;
  method?: string;
  route?: string;
  statusCode?: number;
  responseTime?: number;
  err?: { message?: string; stack?: string };
}

/**
 * One JSON log line as a person reads it in a terminal: `18:30:02 INFO  message`, a request as
 * `GET /events/:slug 200 4 ms`, an error with its stack. Nest's start-up lines are left out;
 * anything that is not a log entry passes unchanged.
 */
export function formatLogLine(line: string, colors: boolean): string | undefined {
  let entry: LogEntry;
  try {
    entry = JSON.parse(line) as LogEntry;
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number') return line;
  if (entry.level <= INFO && entry.context !== undefined && BOOT_CONTEXTS.has(entry.context)) return undefined;
  const paint = (code: string, text: string) => (colors ? `\x1b[${code}m${text}\x1b[0m` : text);
  const [name, color] = LEVELS[entry.level] ?? ['LOG', '0'];
  const time = new Date(entry.time).toTimeString().slice(0, 8);
  const request = entry.route === undefined ? '' : `: ${entry.method} ${entry.route} ${entry.statusCode} ${entry.responseTime} ms`;
  const error = entry.err?.stack ? `\n${entry.err.stack}` : entry.err?.message ? ` (${entry.err.message})` : '';
  return `${paint('2', time)} ${paint(color, name.padEnd(5))} ${entry.msg ?? ''}${request}${error}`;
}

/** A pino destination for a terminal: readable lines instead of JSON (which stays the format everywhere else). */
export function terminalLogStream(output: NodeJS.WriteStream = process.stdout): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      const readable = lines.map((line) => formatLogLine(line, output.hasColors?.() ?? false)).filter((line) => line !== undefined);
      if (readable.length) output.write(`${readable.join('\n')}\n`, () => done());
      else done();
    },
  });
}

/** The logger's settings, writing readable lines when stdout is a terminal (as under `npm start` by hand). */
export function forTerminal(params: Params, terminal = process.stdout.isTTY === true): Params {
  if (!terminal || params.pinoHttp === undefined || Array.isArray(params.pinoHttp)) return params;
  return { ...params, pinoHttp: [params.pinoHttp as Options, terminalLogStream()] };
}
