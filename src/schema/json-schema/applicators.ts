// In-place applicators: $ref, allOf, anyOf, oneOf, not, if/then/else. They validate the same
// instance as their parent, so annotations (for unevaluated*) flow through them.
import type { JsonSchemaObject } from "../types.ts";
import { Annot, type CheckLists, type Ctx, type Node, type SchemaCompiler, fail, pointer, runAll, schemaError } from "./context.ts";
import { REF_KEYWORDS } from "./refs.ts";

export function compileApplicators(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler, out: CheckLists): void {
  // $dynamicRef/$recursiveRef resolve statically, like $ref: dynamic scope is not supported.
  for (const key of REF_KEYWORDS) {
    if (s[key] !== undefined) {
      if (typeof s[key] !== "string") throw schemaError(pointer(where, key), "must be a string");
      out.inPlace.push(c.ref(s[key] as string, base, pointer(where, key)));
    }
  }
  const list = (key: string): Node[] | null => {
    if (s[key] === undefined) return null;
    const items = s[key];
    if (!Array.isArray(items) || items.length === 0) throw schemaError(pointer(where, key), "must be a non-empty array of schemas");
    return items.map((sub, i) => c.sub(sub, base, pointer(where, key, i)));
  };

  const allOf = list("allOf");
  if (allOf !== null) out.inPlace.push((v, ctx) => runAll(allOf, v, ctx));

  const anyOf = list("anyOf");
  if (anyOf !== null) {
    out.inPlace.push((v, ctx) => {
      const outer = ctx.annot;
      let matched = false;
      ctx.quiet++;
      for (let i = 0; i < anyOf.length; i++) {
        if (outer === null) {
          if (anyOf[i](v, ctx)) {
            matched = true;
            break;
          }
        } else if (branch(anyOf[i], v, ctx, outer)) {
          matched = true; // keep going: every passing branch contributes annotations
        }
      }
      ctx.quiet--;
      return matched || fail(ctx, "must match at least one schema in anyOf");
    });
  }

  const oneOf = list("oneOf");
  if (oneOf !== null) {
    out.inPlace.push((v, ctx) => {
      const outer = ctx.annot;
      let matches = 0;
      let kept: Annot | null = null;
      ctx.quiet++;
      for (let i = 0; i < oneOf.length && matches < 2; i++) {
        if (outer === null) {
          if (oneOf[i](v, ctx)) matches++;
        } else {
          const annot = new Annot();
          ctx.annot = annot;
          if (oneOf[i](v, ctx)) {
            matches++;
            kept = annot;
          }
          ctx.annot = outer;
        }
      }
      ctx.quiet--;
      if (matches === 1) {
        if (outer !== null && kept !== null) outer.merge(kept);
        return true;
      }
      if (ctx.quiet > 0) return false;
      return fail(
        ctx,
        matches === 0
          ? "must match exactly one schema in oneOf (matched none)"
          : "must match exactly one schema in oneOf (matched more than one)",
      );
    });
  }

  if (s.not !== undefined) {
    const not = c.sub(s.not, base, pointer(where, "not"));
    out.inPlace.push((v, ctx) => {
      const outer = ctx.annot;
      ctx.annot = null; // a `not` subschema never contributes annotations
      ctx.quiet++;
      const matched = not(v, ctx);
      ctx.quiet--;
      ctx.annot = outer;
      return !matched || fail(ctx, "must not match the schema in not");
    });
  }

  if (s.if !== undefined) {
    const test = c.sub(s.if, base, pointer(where, "if"));
    const then = s.then !== undefined ? c.sub(s.then, base, pointer(where, "then")) : null;
    const otherwise = s.else !== undefined ? c.sub(s.else, base, pointer(where, "else")) : null;
    out.inPlace.push((v, ctx) => {
      const outer = ctx.annot;
      if (then === null && otherwise === null && outer === null) return true;
      ctx.quiet++;
      const passed = outer === null ? test(v, ctx) : branch(test, v, ctx, outer);
      ctx.quiet--;
      const next = passed ? then : otherwise;
      return next === null || next(v, ctx);
    });
  }
}

/** Runs one subschema with its own annotation collector, merged into `outer` only if it passes. */
function branch(node: Node, v: unknown, ctx: Ctx, outer: Annot): boolean {
  const annot = new Annot();
  ctx.annot = annot;
  const ok = node(v, ctx);
  ctx.annot = outer;
  if (ok) outer.merge(annot);
  return ok;
}
