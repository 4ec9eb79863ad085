import { ERROR_CODES } from '../../src/common/error-codes.js';
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Sent as-is, without JSON encoding. */
  raw?: string;
}

/** A small client for the API over real HTTP. */
export class Api {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
  patch<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }
}

/** Asserts the API's one error shape and returns the body. */
/** Codes are lower-kebab, so the list needs no escaping. */
const LISTED_CODE = new RegExp(`^(${Object.keys(ERROR_CODES).join('|')})$`);

export function expectErrorShape(response: ApiResponse, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      statusCode: status,
      error: expect.any(String),
      // One of the codes the OpenAPI document lists (its ApiError.code enum is this list).
      code: expect.stringMatching(LISTED_CODE),
      message: expect.any(String),
    }),
  );
  const allowed = new Set(['statusCode', 'error', 'code', 'message', 'details']);
  expect(Object.keys(response.body).filter((key) => !allowed.has(key))).toEqual([]);
  return response.body as {
    statusCode: number;
    error: string;
    code: string;
    message: string;
    details?: { field: string; message: string }[];
  };
}
