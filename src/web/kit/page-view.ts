export interface PageOptions {
  /** HTTP status; 200 unless a form is shown again with its errors (400) or the like. */
  status?: number;
  /** A literal title (an event's); else the page text `titleKey`, by default `<template>.title`. */
  title?: string;
  titleKey?: string;
  /** Scripts from /assets/ this page adds to the shared ones, e.g. live updates. */
  scripts?: string[];
  /** False for a page that cannot be shown again (a booking shown once): switching language would lose it. */
  languageLinks?: boolean;
  /** A full-screen view for a hall's projector: no site header or footer. */
  hall?: boolean;
}

/** What a page route returns: a template of templates/pages/ and its data, rendered by the PageInterceptor. */
export class PageView {
  constructor(
    readonly template: string,
    readonly data: object = {},
    readonly options: PageOptions = {},
  ) {}
}

/** What a form action returns when it succeeds: 303 See Other, so reloading does not post again. */
export class PageRedirect {
  constructor(readonly location: string) {}
}

export type PageResult = PageView | PageRedirect;
