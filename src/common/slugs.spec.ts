import { describe, expect, it } from '@jest/globals';
import { randomSuffix, slugify } from './slugs.js';

describe('slugify', () => {
  it('makes readable ASCII slugs from titles in any language', () => {
    expect(slugify('Foro comunitario: ¿Qué sigue?')).toBe('foro-comunitario-que-sigue');
    expect(slugify('Know Your Rights — Binghamton 2026')).toBe('know-your-rights-binghamton-2026');
  });

  it('bounds the length without a trailing dash, and never returns an empty slug', () => {
    expect(slugify('a '.repeat(100), 9)).toBe('a-a-a-a-a');
    expect(slugify('🎤🎤')).toBe('forum');
  });

  it('draws suffixes without look-alike characters', () => {
    const suffixes = Array.from({ length: 200 }, () => randomSuffix());
    for (const suffix of suffixes) expect(suffix).toMatch(/^[2-9a-hjkmnp-z]{4}$/);
    expect(new Set(suffixes).size).toBeGreaterThan(190);
  });
});
