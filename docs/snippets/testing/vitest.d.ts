// vitest is not a dependency of this repository: these are the few declarations the
// vitest snippet uses, so it type-checks. The docs test runs that snippet on node:test
// through an alias (test/docs/fixtures/vitest-alias.mjs). Delete this file once vitest
// is a devDependency.
declare module "vitest" {
  type Fn = () => unknown;
  export function describe(name: string, fn: Fn): void;
  export function test(name: string, fn: Fn): void;
  export function beforeAll(fn: Fn): void;
  export function afterAll(fn: Fn): void;
  export function expect<T>(actual: T): {
    toBe(expected: T): void;
    toEqual(expected: unknown): void;
  };
}
