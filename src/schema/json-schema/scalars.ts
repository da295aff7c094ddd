// type, const, enum, and the string and number keywords.
import type { JsonSchemaObject } from "../types.ts";
import { type Check, type CheckLists, type SchemaCompiler, fail, pointer, schemaError } from "./context.ts";
import { deepEqual, preview } from "./equal.ts";
import { FORMATS } from "./format.ts";

const TYPE_BITS: Record<string, number> = { string: 1, number: 2, integer: 4, boolean: 8, null: 16, array: 32, object: 64 };

export function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** The type keyword as a bit mask (0: no type keyword) and the wording of its failure message. */
export interface TypeSpec {
  mask: number;
  expected: string;
}

export function compileType(s: JsonSchemaObject, where: string): TypeSpec {
  if (s.type === undefined) return { mask: 0, expected: "" };
  const types = Array.isArray(s.type) ? s.type : [s.type];
  let mask = 0;
  for (const t of types) {
    if (typeof t !== "string" || !Object.hasOwn(TYPE_BITS, t)) throw schemaError(pointer(where, "type"), `unknown type ${preview(t)}`);
    mask |= TYPE_BITS[t];
  }
  if (mask === 0) throw schemaError(pointer(where, "type"), "must name at least one type");
  const expected = types.length === 1 ? types[0] : types.slice(0, -1).join(", ") + " or " + types[types.length - 1];
  return { mask, expected };
}

export const typeFailure = (v: unknown, type: TypeSpec): string => `expected ${type.expected}, got ${typeName(v)}`;

export function matchesType(v: unknown, mask: number): boolean {
  switch (typeof v) {
    case "string":
      return (mask & 1) !== 0;
    case "number":
      return (mask & 2) !== 0 || ((mask & 4) !== 0 && Number.isInteger(v));
    case "boolean":
      return (mask & 8) !== 0;
    case "object":
      return (mask & (v === null ? 16 : Array.isArray(v) ? 32 : 64)) !== 0;
    default:
      return false;
  }
}

const isPrimitive = (v: unknown): boolean => v === null || typeof v !== "object";

export function compileScalarKeywords(s: JsonSchemaObject, where: string, c: SchemaCompiler, out: CheckLists): void {
  if (s.const !== undefined) {
    const expected = s.const;
    const message = `must equal ${preview(expected)}`;
    out.generic.push(
      isPrimitive(expected) ? (v, ctx) => v === expected || fail(ctx, message) : (v, ctx) => deepEqual(v, expected) || fail(ctx, message),
    );
  }
  if (s.enum !== undefined) {
    const values = s.enum;
    if (!Array.isArray(values)) throw schemaError(pointer(where, "enum"), "must be an array");
    const shown = values.slice(0, 20).map(preview).join(", ") + (values.length > 20 ? ", ..." : "");
    const message = `must be one of: ${shown}`;
    if (values.every(isPrimitive)) {
      const set = new Set(values);
      out.generic.push((v, ctx) => set.has(v) || fail(ctx, message));
    } else {
      out.generic.push((v, ctx) => {
        for (let i = 0; i < values.length; i++) if (deepEqual(v, values[i])) return true;
        return fail(ctx, message);
      });
    }
  }
  compileStringKeywords(s, where, c, out.strings);
  compileNumberKeywords(s, where, out.numbers);
}

function compileStringKeywords(s: JsonSchemaObject, where: string, c: SchemaCompiler, out: Check<string>[]): void {
  if (s.minLength !== undefined || s.maxLength !== undefined) {
    const min = s.minLength !== undefined ? count(s, "minLength", where) : 0;
    const max = s.maxLength !== undefined ? count(s, "maxLength", where) : Infinity;
    const tooShort = `must be at least ${min} character${min === 1 ? "" : "s"} long`;
    const tooLong = `must be at most ${max} character${max === 1 ? "" : "s"} long`;
    out.push((v, ctx) => {
      // A string has between length/2 and length code points, so most skip counting them.
      if (v.length <= max && v.length >= 2 * min) return true;
      const n = codePoints(v);
      return n < min ? fail(ctx, tooShort) : n > max ? fail(ctx, tooLong) : true;
    });
  }
  if (s.pattern !== undefined) {
    const re = c.regex(s.pattern, pointer(where, "pattern"));
    const message = `must match pattern ${preview(s.pattern)}`;
    out.push((v, ctx) => re.test(v) || fail(ctx, message));
  }
  if (typeof s.format === "string") {
    const check = FORMATS.get(s.format);
    const message = `must be a valid ${s.format}`;
    if (check !== undefined) out.push((v, ctx) => check(v) || fail(ctx, message));
  }
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const hi = s.charCodeAt(i);
    if (hi >= 0xd800 && hi <= 0xdbff) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function compileNumberKeywords(s: JsonSchemaObject, where: string, out: Check<number>[]): void {
  const lower = bound(s, "minimum", "exclusiveMinimum", where, (a, b) => a >= b);
  const upper = bound(s, "maximum", "exclusiveMaximum", where, (a, b) => a <= b);
  const step = s.multipleOf !== undefined ? num(s, "multipleOf", where) : 0;
  if (s.multipleOf !== undefined && step <= 0) throw schemaError(pointer(where, "multipleOf"), "must be greater than 0");
  if (lower === null && upper === null && step === 0) return;
  // One closure for all of them: absent bounds are infinite, and comparing with those is free.
  const [lo, loExclusive] = lower ?? [-Infinity, false];
  const [hi, hiExclusive] = upper ?? [Infinity, false];
  const tooLow = `must be ${loExclusive ? ">" : ">="} ${lo}`;
  const tooHigh = `must be ${hiExclusive ? "<" : "<="} ${hi}`;
  const notMultiple = `must be a multiple of ${step}`;
  out.push((v, ctx) => {
    let ok = true;
    if (v < lo || (loExclusive && v === lo)) {
      if (ctx.quiet > 0) return false;
      ok = fail(ctx, tooLow);
    }
    if (v > hi || (hiExclusive && v === hi)) {
      if (ctx.quiet > 0) return false;
      ok = fail(ctx, tooHigh);
    }
    if (step !== 0 && !isMultiple(v, step)) ok = fail(ctx, notMultiple);
    return ok;
  });
}

/**
 * The tighter of an inclusive and an exclusive bound, as [limit, exclusive]. Draft 4 spelled
 * exclusiveness as a boolean next to minimum/maximum; that is honoured too.
 */
function bound(
  s: JsonSchemaObject,
  inclusive: string,
  exclusive: string,
  where: string,
  tighter: (a: number, b: number) => boolean,
): [number, boolean] | null {
  const flag = s[exclusive];
  const inc = s[inclusive] !== undefined ? num(s, inclusive, where) : null;
  const exc = s[exclusive] !== undefined && typeof flag !== "boolean" ? num(s, exclusive, where) : null;
  if (exc !== null && (inc === null || tighter(exc, inc))) return [exc, true];
  return inc === null ? null : [inc, flag === true];
}

/** Division with a few ulps of tolerance, so 0.3 counts as a multiple of 0.1 despite binary floats. */
function isMultiple(v: number, m: number): boolean {
  const q = v / m;
  if (Number.isInteger(q)) return true;
  if (!Number.isFinite(q)) return v % m === 0; // the quotient overflowed; fmod is exact
  return Math.abs(q - Math.round(q)) <= 16 * Number.EPSILON * Math.max(1, Math.abs(q));
}

function num(s: JsonSchemaObject, key: string, where: string): number {
  const v = s[key];
  if (typeof v !== "number" || !Number.isFinite(v)) throw schemaError(pointer(where, key), "must be a number");
  return v;
}

export function count(s: JsonSchemaObject, key: string, where: string): number {
  const v = s[key];
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw schemaError(pointer(where, key), "must be a non-negative integer");
  return v;
}
