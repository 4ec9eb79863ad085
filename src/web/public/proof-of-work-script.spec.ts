import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { templatesDir } from '../../common/template-files.js';
import type { AppConfig } from '../../config/app-config.js';
import type { ThrottleCounts } from '../../common/throttle-counts.js';
import { ProofOfWork } from '../../rsvps/proof-of-work.js';

/** The page's own solver (templates/pages/assets/proof-of-work.js), run outside a browser. */
function pageSolver(): (parameters: object) => Promise<{ counter: number; derivedKey: string }> {
  const context = createContext({ setTimeout });
  runInContext(
    `${readFileSync(join(templatesDir('pages'), 'assets', 'proof-of-work.js'), 'utf8')}\nglobalThis.solve = solveChallenge;`,
    context,
  );
  return context.solve as never;
}

/** Each challenge is accepted once; that memory lives in PostgreSQL, which the e2e tests use. Here every use is a first. */
const firstUses = { firstUse: async () => true } as unknown as ThrottleCounts;

describe("the page's proof-of-work script", () => {
  const proofOfWork = new ProofOfWork({ jwtSecret: 'a test secret' } as AppConfig, firstUses);

  it("solves the server's challenges as the server verifies them", async () => {
    const solve = pageSolver();
    for (let i = 0; i < 2; i++) {
      const challenge = await proofOfWork.challenge();
      const solution = await solve(challenge.parameters);
      const payload = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
      await expect(proofOfWork.spend(payload)).resolves.toBeUndefined();
    }
  });

  it('is refused for a key not worked out, a foreign secret or a payload that is not one', async () => {
    const challenge = await proofOfWork.challenge();
    const solution = await pageSolver()(challenge.parameters);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    const elsewhere = new ProofOfWork({ jwtSecret: 'another server' } as AppConfig, firstUses);
    for (const payload of [
      encode({
        challenge,
        solution: {
          ...solution,
          derivedKey: `${solution.derivedKey.slice(0, -1)}${(parseInt(solution.derivedKey.slice(-1), 16) ^ 1).toString(16)}`,
        },
      }),
      encode({ challenge }),
      'x'.repeat(5000),
      undefined,
    ]) {
      await expect(proofOfWork.spend(payload)).rejects.toMatchObject({ kind: 'invalid', details: [{ field: 'altcha' }] });
    }
    await expect(elsewhere.spend(encode({ challenge, solution }))).rejects.toMatchObject({ kind: 'invalid' });
  });
});
