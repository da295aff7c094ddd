import { MAX_DEPTH, TooDeepError } from "./context.ts";

/** JSON equality: key order is irrelevant, 1 and 1.0 are the same number. Allocates nothing. */
export function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (depth > MAX_DEPTH) throw new TooDeepError();
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return false;
  if (arrayA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i], depth + 1)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (!Object.hasOwn(y, k) || !deepEqual(x[k], y[k], depth + 1)) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
}

/** A string equal for deep-equal values (sorted keys), to bucket large arrays for uniqueItems. */
export function canonical(v: unknown, depth = 0): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (depth > MAX_DEPTH) throw new TooDeepError();
  if (Array.isArray(v)) return "[" + v.map((x) => canonical(x, depth + 1)).join(",") + "]";
  const o = v as Record<string, unknown>;
  return (
    "{" +
    Object.keys(o)
      .sort()
      .map((k) => JSON.stringify(k) + ":" + canonical(o[k], depth + 1))
      .join(",") +
    "}"
  );
}

/** Index pair of the first duplicate, or null. Small arrays are compared pairwise (no allocation). */
export function findDuplicate(items: unknown[]): [number, number] | null {
  if (items.length <= 32) {
    for (let i = 1; i < items.length; i++) {
      for (let j = 0; j < i; j++) if (deepEqual(items[j], items[i])) return [j, i];
    }
    return null;
  }
  const prims = new Map<unknown, number>();
  const objects = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (v !== null && typeof v === "object") {
      const key = canonical(v);
      const first = objects.get(key);
      if (first !== undefined) return [first, i];
      objects.set(key, i);
    } else {
      const first = prims.get(v);
      if (first !== undefined) return [first, i];
      prims.set(v, i);
    }
  }
  return null;
}

/** Short JSON rendering of a schema value for messages. */
export function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}
