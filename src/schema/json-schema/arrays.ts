// Keywords that apply to arrays.
import type { JsonSchemaObject } from "../types.ts";
import { ALWAYS, type Check, type Node, type SchemaCompiler, descend, fail, pointer, schemaError } from "./context.ts";
import { findDuplicate } from "./equal.ts";
import { count } from "./scalars.ts";

export function compileArrayKeywords(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler, out: Check<unknown[]>[]): void {
  compileItems(s, base, where, c, out);
  if (s.contains !== undefined) compileContains(s, base, where, c, out);
  if (s.minItems !== undefined) {
    const min = count(s, "minItems", where);
    const message = `must have at least ${min} item${min === 1 ? "" : "s"}`;
    out.push((a, ctx) => a.length >= min || fail(ctx, message));
  }
  if (s.maxItems !== undefined) {
    const max = count(s, "maxItems", where);
    const message = `must have at most ${max} item${max === 1 ? "" : "s"}`;
    out.push((a, ctx) => a.length <= max || fail(ctx, message));
  }
  if (s.uniqueItems === true) {
    out.push((a, ctx) => {
      const dup = findDuplicate(a);
      if (dup === null) return true;
      return ctx.quiet > 0 ? false : fail(ctx, `must not contain duplicate items (items ${dup[0]} and ${dup[1]} are equal)`);
    });
  }
}

/** unevaluatedItems; compile.ts runs it after every other keyword of the schema has annotated. */
export function compileUnevaluatedItems(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler): Check<unknown[]> | null {
  if (s.unevaluatedItems === undefined) return null;
  const forbid = s.unevaluatedItems === false;
  const node = forbid ? null : c.sub(s.unevaluatedItems, base, pointer(where, "unevaluatedItems"));
  return (a, ctx) => {
    const annot = ctx.annot;
    if (annot === null || annot.allItems) return true;
    let ok = true;
    for (let i = annot.items; i < a.length; i++) {
      if (annot.hasItem(i) || (node !== null && descend(node, a[i], i, ctx))) continue;
      if (ctx.quiet > 0) return false;
      ok = node === null ? fail(ctx, "unexpected item", i) : false;
    }
    annot.allItems = true;
    return ok;
  };
}

/** prefixItems then items; draft 7's array-form items and additionalItems mean the same. */
function compileItems(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler, out: Check<unknown[]>[]): void {
  const legacy = Array.isArray(s.items);
  const prefixKey = legacy ? "items" : "prefixItems";
  const restKey = legacy ? "additionalItems" : "items";
  let prefix: Node[] = [];
  if (s[prefixKey] !== undefined) {
    const list = s[prefixKey];
    if (!Array.isArray(list)) throw schemaError(pointer(where, prefixKey), "must be an array of schemas");
    prefix = list.map((sub, i) => c.sub(sub, base, pointer(where, prefixKey, i)));
  }
  const hasRest = s[restKey] !== undefined;
  const forbid = s[restKey] === false;
  const rest = hasRest && !forbid ? c.sub(s[restKey], base, pointer(where, restKey)) : null;
  if (prefix.length === 0 && !hasRest) return;
  const tooMany = `must have at most ${prefix.length} item${prefix.length === 1 ? "" : "s"} (${restKey} is false)`;

  out.push((a, ctx) => {
    let ok = true;
    const n = Math.min(prefix.length, a.length);
    for (let i = 0; i < n; i++) {
      if (!descend(prefix[i], a[i], i, ctx)) {
        if (ctx.quiet > 0) return false;
        ok = false;
      }
    }
    if (forbid && a.length > prefix.length) ok = fail(ctx, tooMany);
    else if (rest !== null && rest !== ALWAYS) {
      for (let i = prefix.length; i < a.length; i++) {
        if (!descend(rest, a[i], i, ctx)) {
          if (ctx.quiet > 0) return false;
          ok = false;
        }
      }
    }
    const annot = ctx.annot;
    if (annot !== null) {
      if (hasRest) annot.allItems = true;
      else if (n > annot.items) annot.items = n;
    }
    return ok;
  });
}

function compileContains(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler, out: Check<unknown[]>[]): void {
  const node = c.sub(s.contains, base, pointer(where, "contains"));
  const min = s.minContains !== undefined ? count(s, "minContains", where) : 1;
  const max = s.maxContains !== undefined ? count(s, "maxContains", where) : Infinity;
  const tooFew = min === 1 ? "must contain at least one item matching contains" : `must contain at least ${min} items matching contains`;
  const tooMany = `must contain at most ${max} item${max === 1 ? "" : "s"} matching contains`;
  out.push((a, ctx) => {
    const annot = ctx.annot;
    let matches = 0;
    ctx.quiet++;
    for (let i = 0; i < a.length; i++) {
      if (!descend(node, a[i], i, ctx)) continue;
      matches++;
      if (annot !== null) annot.addItem(i);
      // Without annotations to collect, stop once the answer cannot change.
      else if ((matches >= min && max === Infinity) || matches > max) break;
    }
    ctx.quiet--;
    if (matches < min) return fail(ctx, tooFew);
    return matches <= max || fail(ctx, tooMany);
  });
}
