/**
 * Looks a name that came from the wire up in a plain object: own properties only, so
 * `constructor`, `__proto__` or `toString` never reach what Object.prototype holds.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
