import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshots, seriousA11yViolations } from './browser.js';
import type { TestApp } from './test-app.js';

/** Every console page a test opens is checked with axe and photographed at phone and desktop widths. */
export async function lookAt(page: Page, name: string): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshots(page, `console-${name}`);
}

export async function signIn(page: Page, t: TestApp, email: string, password: string): Promise<void> {
  await page.goto(`${t.baseUrl}/console`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${t.baseUrl}/console`);
}

/** A browser's cookies and form token for posting console forms over plain HTTP. */
export class ConsoleClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly t: TestApp) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null; setCookies: string[] }> {
    const response = await fetch(`${this.t.baseUrl}${path}`, { redirect: 'manual', headers: { cookie: this.cookieHeader } });
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
      setCookies: this.keep(response),
    };
  }

  /** Loads the page for its CSRF token, then posts the form as the browser would. */
  async post(path: string, fields: Record<string, string>, formPage = path) {
    const { html } = await this.get(formPage);
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const response = await fetch(`${this.t.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader, 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ _csrf: token, ...fields }),
    });
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
      setCookies: this.keep(response),
    };
  }

  async signIn(email: string, password: string) {
    const signedIn = await this.post('/console/sign-in', { email, password }, '/console');
    expect(signedIn.status).toBe(303);
    return signedIn;
  }

  private keep(response: Response): string[] {
    const lines = response.headers.getSetCookie();
    for (const line of lines) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/Max-Age=0/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return lines;
  }
}
