// Keywords that apply to objects.
import type { JsonSchemaObject, ValidationIssue } from "../types.ts";
import {
  ALWAYS,
  type Check,
  type Ctx,
  type Node,
  type Obj,
  type SchemaCompiler,
  descend,
  fail,
  isObject,
  pointer,
  schemaError,
} from "./context.ts";
import { count } from "./scalars.ts";

export function compileObjectKeywords(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler, out: Check<Obj>[]): void {
  compileShape(s, base, where, c, out);
  if (s.propertyNames !== undefined) out.push(propertyNames(c.sub(s.propertyNames, base, pointer(where, "propertyNames"))));
  if (s.minProperties !== undefined) {
    const min = count(s, "minProperties", where);
    const message = `must have at least ${min} propert${min === 1 ? "y" : "ies"}`;
    out.push((o, ctx) => countKeys(o) >= min || fail(ctx, message));
  }
  if (s.maxProperties !== undefined) {
    const max = count(s, "maxProperties", where);
    const message = `must have at most ${max} propert${max === 1 ? "y" : "ies"}`;
    out.push((o, ctx) => countKeys(o) <= max || fail(ctx, message));
  }
  compileDependencies(s, base, where, c, out);
}

/**
 * required, properties, patternProperties and additionalProperties. When every key of the value
 * must be looked at anyway, that is one for-in pass (V8 reads `o[k]` there from its enum cache),
 * counting required keys on the way; they are looked up by name only to report missing ones.
 */
function compileShape(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler, out: Check<Obj>[]): void {
  const slots = new Map<string, number>();
  const nodes: (Node | null)[] = []; // null: a required key that `properties` does not describe
  for (const [name, node] of schemaMap(s, "properties", base, where, c)) {
    slots.set(name, nodes.length);
    nodes.push(node);
  }
  // Draft 3 put `required: true` inside property schemas; it means nothing here, so skip it.
  const required =
    s.required !== undefined && typeof s.required !== "boolean" ? [...new Set(strings(s.required, pointer(where, "required")))] : [];
  const isRequired: boolean[] = nodes.map(() => false);
  for (const name of required) {
    let slot = slots.get(name);
    if (slot === undefined) {
      slots.set(name, (slot = nodes.length));
      nodes.push(null);
    }
    isRequired[slot] = true;
  }
  const missing = required.map((k) => `missing required property ${JSON.stringify(k)}`);
  const patterns = schemaMap(s, "patternProperties", base, where, c).map(([p, node]) => ({
    re: c.regex(p, pointer(where, "patternProperties", p)),
    node,
  }));
  const forbid = s.additionalProperties === false;
  const additional =
    s.additionalProperties !== undefined && !forbid ? c.sub(s.additionalProperties, base, pointer(where, "additionalProperties")) : null;
  // With additionalProperties present, every property is evaluated by one of the three.
  const evaluatesAll = forbid || additional !== null;
  const others = forbid || (additional !== null && additional !== ALWAYS);
  if (slots.size === 0 && patterns.length === 0 && !evaluatesAll) return;
  if (patterns.length === 0 && !others) {
    out.push(byName(slots, nodes, required, missing, evaluatesAll));
    return;
  }

  out.push((o, ctx) => {
    let ok = true;
    let found = 0;
    const annot = ctx.annot;
    for (const k in o) {
      const slot = slots.get(k);
      let matched = false;
      if (slot !== undefined) {
        if (isRequired[slot]) found++;
        const node = nodes[slot];
        if (node !== null) {
          matched = true;
          if (annot !== null) annot.addProp(k);
          if (node !== ALWAYS && !descend(node, o[k], k, ctx)) {
            if (ctx.quiet > 0) return false;
            ok = false;
          }
        }
      }
      for (let j = 0; j < patterns.length; j++) {
        if (!patterns[j].re.test(k)) continue;
        matched = true;
        if (annot !== null) annot.addProp(k);
        if (!descend(patterns[j].node, o[k], k, ctx)) {
          if (ctx.quiet > 0) return false;
          ok = false;
        }
      }
      if (matched || !others || (additional !== null && descend(additional, o[k], k, ctx))) continue;
      if (ctx.quiet > 0) return false; // before building a message nobody will read
      ok = additional !== null ? false : fail(ctx, `unexpected property ${JSON.stringify(k)}`, k);
    }
    if (found < required.length) {
      if (ctx.quiet > 0) return false;
      for (let i = 0; i < required.length; i++) if (!Object.hasOwn(o, required[i])) ok = fail(ctx, missing[i]);
    }
    if (annot !== null && evaluatesAll) annot.allProps = true;
    return ok;
  });
}

/** compileShape when only named keys matter: look those up rather than walk every key of the value. */
function byName(
  slots: Map<string, number>,
  nodes: (Node | null)[],
  required: string[],
  missing: string[],
  evaluatesAll: boolean,
): Check<Obj> {
  const names = [...slots.keys()].filter((_, i) => nodes[i] !== null && nodes[i] !== ALWAYS);
  const children = names.map((k) => nodes[slots.get(k) as number] as Node);
  const annotated = [...slots.keys()].filter((_, i) => nodes[i] !== null);
  return (o, ctx) => {
    let ok = true;
    for (let i = 0; i < required.length; i++) {
      if (Object.hasOwn(o, required[i])) continue;
      if (ctx.quiet > 0) return false;
      ok = fail(ctx, missing[i]);
    }
    for (let i = 0; i < names.length; i++) {
      const k = names[i];
      if (!Object.hasOwn(o, k) || descend(children[i], o[k], k, ctx)) continue;
      if (ctx.quiet > 0) return false;
      ok = false;
    }
    const annot = ctx.annot;
    if (annot !== null) {
      if (evaluatesAll) annot.allProps = true;
      else for (let i = 0; i < annotated.length; i++) if (Object.hasOwn(o, annotated[i])) annot.addProp(annotated[i]);
    }
    return ok;
  };
}

/** unevaluatedProperties; compile.ts runs it after every other keyword of the schema has annotated. */
export function compileUnevaluatedProperties(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler): Check<Obj> | null {
  if (s.unevaluatedProperties === undefined) return null;
  const forbid = s.unevaluatedProperties === false;
  const node = forbid ? null : c.sub(s.unevaluatedProperties, base, pointer(where, "unevaluatedProperties"));
  return (o, ctx) => {
    const annot = ctx.annot;
    if (annot === null || annot.allProps) return true;
    let ok = true;
    for (const k in o) {
      if (annot.hasProp(k) || (node !== null && descend(node, o[k], k, ctx))) continue;
      if (ctx.quiet > 0) return false;
      ok = node === null ? fail(ctx, `unexpected property ${JSON.stringify(k)}`, k) : false;
    }
    annot.allProps = true;
    return ok;
  };
}

function propertyNames(node: Node): Check<Obj> {
  if (node === ALWAYS) return () => true;
  return (o, ctx) => {
    let ok = true;
    for (const k in o) {
      const annot = ctx.annot;
      ctx.annot = null;
      ctx.quiet++;
      const valid = node(k, ctx);
      ctx.quiet--;
      ctx.annot = annot;
      if (valid) continue;
      if (ctx.quiet > 0) return false;
      ok = false;
      explainName(node, k, ctx);
    }
    return ok;
  };
}

/** Re-runs a failed name check to report why, prefixed with the name (failure path only). */
function explainName(node: Node, name: string, ctx: Ctx): void {
  const { issues, annot } = ctx;
  ctx.issues = null;
  ctx.annot = null;
  node(name, ctx);
  const found = (ctx.issues as ValidationIssue[] | null) ?? []; // the cast undoes narrowing to null above
  ctx.issues = issues;
  ctx.annot = annot;
  ctx.quiet = 0; // we only get here when not quiet; the re-run may have hit the issue cap
  if (found.length === 0) fail(ctx, `invalid property name ${JSON.stringify(name)}`, name);
  for (const issue of found) fail(ctx, `invalid property name ${JSON.stringify(name)}: ${issue.message}`, name);
}

function compileDependencies(s: JsonSchemaObject, base: string, where: string, c: SchemaCompiler, out: Check<Obj>[]): void {
  const required: { name: string; deps: string[] }[] = [];
  const schemas: { name: string; node: Node }[] = [];
  const collect = (key: string, allowSchemas: boolean, allowArrays: boolean): void => {
    if (s[key] === undefined) return;
    if (!isObject(s[key])) throw schemaError(pointer(where, key), "must be an object");
    for (const [name, dep] of Object.entries(s[key])) {
      if (Array.isArray(dep) && allowArrays) required.push({ name, deps: strings(dep, pointer(where, key, name)) });
      else if (allowSchemas) schemas.push({ name, node: c.sub(dep, base, pointer(where, key, name)) });
      else throw schemaError(pointer(where, key, name), "must be an array of property names");
    }
  };
  collect("dependentRequired", false, true);
  collect("dependentSchemas", true, false);
  collect("dependencies", true, true); // draft 7: either form under one keyword

  if (required.length > 0) {
    out.push((o, ctx) => {
      let ok = true;
      for (let i = 0; i < required.length; i++) {
        const { name, deps } = required[i];
        if (!Object.hasOwn(o, name)) continue;
        for (const dep of deps) {
          if (Object.hasOwn(o, dep)) continue;
          if (ctx.quiet > 0) return false;
          ok = fail(ctx, `missing property ${JSON.stringify(dep)} (required when ${JSON.stringify(name)} is present)`);
        }
      }
      return ok;
    });
  }
  if (schemas.length > 0) {
    out.push((o, ctx) => {
      let ok = true;
      for (let i = 0; i < schemas.length; i++) {
        const { name, node } = schemas[i];
        if (!Object.hasOwn(o, name) || node(o, ctx)) continue;
        if (ctx.quiet > 0) return false;
        ok = false;
      }
      return ok;
    });
  }
}

function schemaMap(s: JsonSchemaObject, key: string, base: string, where: string, c: SchemaCompiler): [string, Node][] {
  if (s[key] === undefined) return [];
  if (!isObject(s[key])) throw schemaError(pointer(where, key), "must be an object");
  return Object.entries(s[key]).map(([name, sub]) => [name, c.sub(sub, base, pointer(where, key, name))]);
}

function strings(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw schemaError(where, "must be an array of strings");
  return v;
}

function countKeys(o: Obj): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}
