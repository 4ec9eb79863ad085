import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** A transaction in progress in this async context: whether it holds its connection yet, and where it began. */
interface OpenTransaction {
  holding: boolean;
  ended: boolean;
  began: string;
  outer: OpenTransaction | undefined;
}

const open = new AsyncLocalStorage<OpenTransaction>();

/**
 * Test-time check that every query of a transaction runs on its manager. A query that goes to the
 * pool (`this.dataSource`, an injected repository, a service called without the manager) while
 * its async context holds a transaction's connection waits for a second connection: with as
 * many such requests as the pool has connections, all of them wait for ever. Such a request
 * fails at once here, with both stacks, and is kept for `TestApp.close()` to fail the suite on,
 * whether the pool was busy or not. Nothing of this runs in production.
 */
export function guardTransactions(dataSource: DataSource): Error[] {
  const violations: Error[] = [];
  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = ((...args: unknown[]) => {
    const entered: OpenTransaction = {
      holding: false,
      ended: false,
      began: stackOf('The transaction began here:'),
      outer: open.getStore(),
    };
    return open.run(entered, async () => {
      try {
        return await transaction(...args);
      } finally {
        entered.ended = true;
      }
    });
  }) as typeof manager.transaction;

  const driver = dataSource.driver as PostgresDriver;
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = () => {
    const current = open.getStore();
    // The first connection a transaction asks for is its own; any other while one is held is not.
    const holder = current && !current.ended && !current.holding ? current.outer : current;
    for (let held = holder; held; held = held.outer) {
      if (held.holding && !held.ended) {
        const violation = new Error(
          'A query asked the pool for a connection while its transaction holds one: run it on the transaction’s manager ' +
            `(pass \`manager\` down).\n${stackOf('The pool was asked here:')}\n${held.began}`,
        );
        violations.push(violation);
        console.error(violation.message);
        return Promise.reject(violation);
      }
    }
    if (current && !current.ended) current.holding = true;
    return obtain();
  };
  return violations;
}

function stackOf(heading: string): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.replace(/^Error:?[^\n]*\n/, `${heading}\n`).replace(/^.*transaction-guard.*\n/gm, '');
}
