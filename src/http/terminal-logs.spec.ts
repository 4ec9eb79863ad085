import { describe, expect, it } from '@jest/globals';
import { formatLogLine, forTerminal } from './terminal-logs.js';

const at = new Date(2026, 11, 2, 18, 30, 2).getTime();
const line = (entry: object) => JSON.stringify({ pid: 1, hostname: 'vm', time: at, ...entry });

describe('logs in a terminal', () => {
  it('reads as time, level and message; a request as its route, status and time', () => {
    expect(formatLogLine(line({ level: 30, context: 'Townhall', msg: 'Townhall is ready' }), false)).toBe(
      '18:30:02 INFO  Townhall is ready',
    );
    expect(
      formatLogLine(
        line({
          level: 30,
          context: 'HTTP',
          msg: 'request completed',
          method: 'GET',
          route: '/events/:slug',
          statusCode: 200,
          responseTime: 4,
        }),
        false,
      ),
    ).toBe('18:30:02 INFO  request completed: GET /events/:slug 200 4 ms');
    expect(
      formatLogLine(line({ level: 50, msg: 'Unhandled error', err: { message: 'boom', stack: 'Error: boom\n    at x' } }), false),
    ).toBe('18:30:02 ERROR Unhandled error\nError: boom\n    at x');
    expect(formatLogLine(line({ level: 40, msg: 'careful' }), true)).toBe('\x1b[2m18:30:02\x1b[0m \x1b[33mWARN \x1b[0m careful');
  });

  it("leaves out Nest's line per module and route, but not its warnings, and passes anything else through", () => {
    expect(formatLogLine(line({ level: 30, context: 'RouterExplorer', msg: 'Mapped {/api, GET} route' }), false)).toBeUndefined();
    expect(formatLogLine(line({ level: 40, context: 'InstanceLoader', msg: 'odd' }), false)).toBe('18:30:02 WARN  odd');
    expect(formatLogLine('not json', false)).toBe('not json');
  });

  it('is used only where stdout is a terminal', () => {
    const params = { pinoHttp: { level: 'info' } };
    expect(forTerminal(params, false)).toBe(params);
    expect(Array.isArray(forTerminal(params, true).pinoHttp)).toBe(true);
  });
});
