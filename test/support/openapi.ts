import type { TestApp } from './test-app.js';

export interface DocumentedRoute {
  route: string;
  tags: string[];
  summary: boolean;
  /** The success answer has a schema (or is a 204). */
  typed: boolean;
}

type Operation = { tags?: string[]; summary?: string; responses: Record<string, { content?: unknown }> };

/** The OpenAPI document's operations on paths matching `path`, as `method /path` with what a client relies on. */
export async function documentedRoutes(t: TestApp, path: RegExp): Promise<DocumentedRoute[]> {
  const { body } = await t.api.get('/api/docs-json');
  return Object.entries(body.paths as Record<string, Record<string, Operation>>)
    .filter(([name]) => path.test(name))
    .flatMap(([name, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const [status, response] = Object.entries(operation.responses).find(([code]) => code.startsWith('2'))!;
        return {
          route: `${method} ${name}`,
          tags: operation.tags ?? [],
          summary: Boolean(operation.summary),
          typed: status === '204' || response.content !== undefined,
        };
      }),
    );
}
