import { describe, expect, it } from '@jest/globals';
import { isLoopback } from './dev-mailbox.js';

describe('isLoopback', () => {
  it('accepts 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address)).toBe(true);
  });

  it('refuses everything else', () => {
    for (const address of [undefined, '', '10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', '::2', '127.0.0.1.example.org', 'localhost']) {
      expect(isLoopback(address)).toBe(false);
    }
  });
});
