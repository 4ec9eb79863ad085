import { describe, expect, it } from '@jest/globals';
import { DeliveryError, describeDeliveryError, MAIL_FILE } from './mailer.js';

describe('describeDeliveryError', () => {
  it('keeps the SMTP reply but never an address', () => {
    const error = Object.assign(
      new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <ana.torres@example.org>: unknown user"),
      {
        code: 'EENVELOPE',
        responseCode: 550,
      },
    );
    const described = describeDeliveryError(error);
    expect(described.message).toBe("SMTP 550: Can't send mail - all recipients were rejected: 550 5.1.1 <address>: unknown user");
    expect(described.permanent).toBe(true);
  });

  it('treats 4xx replies and connection failures as temporary', () => {
    expect(describeDeliveryError(Object.assign(new Error('try later'), { responseCode: 451 })).permanent).toBe(false);
    const refused = describeDeliveryError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' }));
    expect(refused).toMatchObject({ permanent: false, message: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25' });
  });

  it('leaves an already described error as it is', () => {
    const described = new DeliveryError('SMTP 550: no', true);
    expect(describeDeliveryError(described)).toBe(described);
  });
});

describe('MAIL_FILE', () => {
  it('matches only the files the mailer writes', () => {
    expect(MAIL_FILE.test('20261123T151119123Z-0b8a4f5e-3c1d-4e2f-9a7b-1c2d3e4f5a6b.eml')).toBe(true);
    for (const name of ['../jwt-secret', '20261123T151119123Z-0b8a4f5e-3c1d-4e2f-9a7b-1c2d3e4f5a6b.json', 'x.eml', '/etc/passwd']) {
      expect(MAIL_FILE.test(name)).toBe(false);
    }
  });
});
