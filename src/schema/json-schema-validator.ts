// A dependency-free JSON Schema (draft 2020-12) validator, compiled once into closures.
// The keyword implementations live in ./json-schema/.
import { Compiler } from "./json-schema/compile.ts";
import { type Ctx, TooDeepError, newCtx } from "./json-schema/context.ts";
import { compileDefaults } from "./json-schema/defaults.ts";
import { ROOT_BASE } from "./json-schema/refs.ts";
import type { JsonSchema, ValidationResult } from "./types.ts";

export interface CompileOptions {
  /** Fill in `default`s of missing object properties, on a copy: the input is never mutated. */
  applyDefaults?: boolean;
}

/**
 * Compiles `schema` into a validator. Throws at compile time for malformed keywords and for
 * $refs that point outside the document (remote schemas are never fetched).
 */
export function compileJsonSchema(schema: JsonSchema, options: CompileOptions = {}): (value: unknown) => ValidationResult {
  const compiler = new Compiler(schema);
  const root = compiler.compileRoot();
  const fill = options.applyDefaults ? compileDefaults(schema, ROOT_BASE, compiler.index) : null;
  // One context reused by every call (validation is synchronous and never calls out). Checks
  // restore what they change, so it only needs resetting after a failure or an exception.
  const ctx = newCtx();

  return (input) => {
    let value = input;
    let ok: boolean;
    try {
      if (fill !== null) value = fill(input, 0);
      ok = root(value, ctx);
    } catch (e) {
      reset(ctx); // an exception skipped the restores and decrements that normally rebalance ctx
      if (e instanceof TooDeepError) return { ok: false, issues: [{ path: [], message: e.message }] };
      // Last line of defence, e.g. a schema whose in-place applicators loop back on themselves.
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        return {
          ok: false,
          issues: [{ path: [], message: "validation recursed too deeply (a very deep value, or a schema that loops on itself)" }],
        };
      }
      throw e;
    }
    if (ok) {
      if (ctx.issues !== null) reset(ctx); // cannot happen (every issue fails the root); cheap insurance
      return { ok: true, value };
    }
    const issues = ctx.issues ?? [{ path: [], message: "value is invalid" }];
    reset(ctx); // the issue cap may have left `quiet` raised
    return { ok: false, issues };
  };
}

function reset(ctx: Ctx): void {
  ctx.issues = null;
  ctx.quiet = 0;
  ctx.depth = 0;
  ctx.refDepth = 0;
  ctx.annot = null;
}
