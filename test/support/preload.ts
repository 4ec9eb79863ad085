// Jest links a test's ESM graph before evaluating it, so a CommonJS package such as
// @nestjs/throttler would require() @nestjs/common mid-link ("require(esm) in a cycle").
// Evaluating the ESM-only NestJS packages first avoids that.
await import('@nestjs/common');
await import('@nestjs/core');
