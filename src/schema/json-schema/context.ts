import type { ValidationIssue } from "../types.ts";

/** Deepest value nesting we walk; deeper values get an issue instead of a stack overflow. */
export const MAX_DEPTH = 256;
/** In-place $ref hops on the stack at once; only a schema that loops on itself gets near this. */
export const MAX_REF_DEPTH = 2048;
/** After this many issues we stop recording: the caller has enough to act on. */
export const MAX_ISSUES = 100;

export type Obj = Record<string, unknown>;

/**
 * Mutable state of one validation call, reused across calls so success allocates nothing.
 * There is no path stack: an issue's path starts relative to where it was found, and each
 * descend() on the way back up prepends its key, so only failures pay for paths.
 */
export interface Ctx {
  issues: ValidationIssue[] | null;
  /** > 0 inside anyOf/oneOf/not/if/contains: only the yes/no answer matters, so exit early. */
  quiet: number;
  depth: number;
  refDepth: number;
  /** Collector for unevaluatedProperties/Items; null unless such a keyword is in scope. */
  annot: Annot | null;
}

/** A compiled schema. */
export type Node = (value: unknown, ctx: Ctx) => boolean;
/** One compiled keyword (or group of keywords) for values of type T. */
export type Check<T> = (value: T, ctx: Ctx) => boolean;

/** The node of `true` and `{}`; keywords compare against it to skip walking values nothing constrains. */
export const ALWAYS: Node = () => true;

/** Compiled checks of one schema object, split by the instance type they apply to, in run order. */
export interface CheckLists {
  generic: Check<unknown>[];
  strings: Check<string>[];
  numbers: Check<number>[];
  arrays: Check<unknown[]>[];
  objects: Check<Obj>[];
  /** $ref, allOf, anyOf, ...: after the cheaper type-specific checks. */
  inPlace: Check<unknown>[];
}

/** What keyword compilers need from the compiler, kept here to avoid an import cycle. */
export interface SchemaCompiler {
  /** Compiles a subschema found at `where` (a JSON pointer, used in error messages). */
  sub(schema: unknown, base: string, where: string): Node;
  /** A node for the schema `ref` points at, bound once the whole document is compiled. */
  ref(ref: string, base: string, where: string): Node;
  regex(pattern: unknown, where: string): RegExp;
}

export function newCtx(): Ctx {
  return { issues: null, quiet: 0, depth: 0, refDepth: 0, annot: null };
}

/** Records an issue (unless quiet) and returns false, so checks can `return fail(...)`. */
export function fail(ctx: Ctx, message: string, key?: string | number): false {
  if (ctx.quiet > 0) return false;
  const path = key === undefined ? [] : [key];
  const issues = (ctx.issues ??= []);
  issues.push({ path, message });
  // Never decremented: everything after the cap runs quietly and exits at the first failure.
  if (issues.length >= MAX_ISSUES) ctx.quiet++;
  return false;
}

const TOO_DEEP = `value is nested too deeply (more than ${MAX_DEPTH} levels)`;

/** Validates a child value (property or item), keeping depth, annotations and issue paths right. */
export function descend(node: Node, value: unknown, key: string | number, ctx: Ctx): boolean {
  if (ctx.depth >= MAX_DEPTH) return fail(ctx, TOO_DEEP, key);
  const before = ctx.issues === null ? 0 : ctx.issues.length;
  const annot = ctx.annot;
  ctx.annot = null; // annotations belong to one instance; children never feed their parent's
  ctx.depth++;
  const ok = node(value, ctx);
  ctx.depth--;
  ctx.annot = annot;
  if (!ok && ctx.issues !== null) for (let i = before; i < ctx.issues.length; i++) ctx.issues[i].path.unshift(key);
  return ok;
}

/** Runs every check, or stops at the first failure when quiet. */
export function runAll<T>(checks: Check<T>[], value: T, ctx: Ctx): boolean {
  let ok = true;
  for (let i = 0; i < checks.length; i++) {
    if (!checks[i](value, ctx)) {
      if (ctx.quiet > 0) return false;
      ok = false;
    }
  }
  return ok;
}

/** Properties and items already evaluated at one instance, for unevaluated* keywords. */
export class Annot {
  allProps = false;
  props: Set<string> | null = null;
  allItems = false;
  /** Items [0, items) were evaluated by prefixItems. */
  items = 0;
  /** Items matched by contains. */
  itemSet: Set<number> | null = null;

  addProp(key: string): void {
    if (!this.allProps) (this.props ??= new Set()).add(key);
  }

  addItem(index: number): void {
    if (!this.allItems) (this.itemSet ??= new Set()).add(index);
  }

  hasProp(key: string): boolean {
    return this.allProps || (this.props !== null && this.props.has(key));
  }

  hasItem(index: number): boolean {
    return this.allItems || index < this.items || (this.itemSet !== null && this.itemSet.has(index));
  }

  merge(other: Annot): void {
    if (other.allProps) this.allProps = true;
    else if (other.props !== null) for (const k of other.props) this.addProp(k);
    if (other.allItems) this.allItems = true;
    if (other.items > this.items) this.items = other.items;
    if (other.itemSet !== null) for (const i of other.itemSet) this.addItem(i);
  }
}

/** Thrown by deep comparisons of absurdly deep values; the entry point turns it into an issue. */
export class TooDeepError extends Error {
  constructor() {
    super(TOO_DEEP);
  }
}

export const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Appends pointer-escaped segments to a `where` string (used in compile errors). */
export const pointer = (where: string, ...segments: (string | number)[]): string =>
  where + segments.map((s) => "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("");

/** A compile-time error about the schema itself, naming where it is. */
export const schemaError = (where: string, message: string): Error => new Error(`Invalid JSON Schema at ${where || "#"}: ${message}`);

/** Compiles a pattern as a unicode regex; plain mode is the fallback for patterns only legacy syntax accepts. */
export function compilePattern(pattern: unknown, where: string): RegExp {
  if (typeof pattern !== "string") throw schemaError(where, "pattern must be a string");
  try {
    return new RegExp(pattern, "u");
  } catch {
    try {
      return new RegExp(pattern);
    } catch (e) {
      throw schemaError(where, `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
  }
}
