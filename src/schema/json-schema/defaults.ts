// applyDefaults: fills `default`s of missing object properties, copy-on-write. Only properties,
// patternProperties, additionalProperties, items, allOf and $ref are followed: defaults under
// anyOf/oneOf/if/not depend on which branch matches, so they are ignored.
import type { JsonSchema } from "../types.ts";
import { MAX_DEPTH, type Obj, compilePattern, isObject, pointer } from "./context.ts";
import { REF_KEYWORDS, type Resolved, type SchemaIndex } from "./refs.ts";

/** Returns the value itself when it has nothing to fill, otherwise a shallow-copied, filled one. */
export type Defaulter = (value: unknown, depth: number) => unknown;

export function compileDefaults(root: JsonSchema, base: string, index: SchemaIndex): Defaulter | null {
  return new DefaultsCompiler(index).build(root, base);
}

class DefaultsCompiler {
  private readonly cells = new Map<object, { fn: Defaulter }>();
  private readonly none = new Set<object>(); // schemas proven to lead to no default at all

  constructor(private readonly index: SchemaIndex) {}

  build(schema: unknown, base: string): Defaulter | null {
    if (!isObject(schema) || !this.leadsToDefault(schema, base)) return null;
    base = this.index.baseOf(schema, base);
    const steps: Defaulter[] = [];
    for (const target of this.refs(schema, base)) {
      const cell = this.cell(target);
      if (cell !== null) steps.push((v, depth) => cell.fn(v, depth));
    }
    if (Array.isArray(schema.allOf)) for (const sub of schema.allOf) push(steps, this.build(sub, base));
    push(steps, this.forObject(schema, base));
    push(steps, this.forArray(schema, base));
    if (steps.length <= 1) return steps[0] ?? null;
    return (v, depth) => {
      for (let i = 0; i < steps.length; i++) v = steps[i](v, depth);
      return v;
    };
  }

  /** Recursive refs share one cell, filled after the target is built. */
  private cell(target: Resolved): { fn: Defaulter } | null {
    if (!isObject(target.schema) || !this.leadsToDefault(target.schema, target.base)) return null;
    let cell = this.cells.get(target.schema);
    if (cell === undefined) {
      cell = { fn: (v) => v };
      this.cells.set(target.schema, cell);
      cell.fn = this.build(target.schema, target.base) ?? cell.fn;
    }
    return cell;
  }

  private forObject(s: Obj, base: string): Defaulter | null {
    const props = isObject(s.properties) ? Object.entries(s.properties) : [];
    // A filled default is used as written, not defaulted further: with a recursive schema that
    // could nest defaults inside defaults without end.
    const fills: { key: string; value: unknown }[] = [];
    const nested: { key: string; child: Defaulter }[] = [];
    for (const [key, sub] of props) {
      const child = this.build(sub, base);
      const found = this.findDefault(sub, base, new Set());
      if (found !== null) fills.push({ key, value: found.value });
      if (child !== null) nested.push({ key, child });
    }
    const patterns = isObject(s.patternProperties)
      ? Object.entries(s.patternProperties).map(([p, sub]) => ({
          re: compilePattern(p, pointer("#", "patternProperties", p)),
          child: this.build(sub, base),
        }))
      : [];
    const additional = this.build(s.additionalProperties, base);
    const scanOthers = additional !== null || patterns.some((p) => p.child !== null);
    if (fills.length === 0 && nested.length === 0 && !scanOthers) return null;
    const known = new Set(props.map(([k]) => k));

    return (v, depth) => {
      if (!isObject(v) || depth > MAX_DEPTH) return v;
      let out: Obj | null = null; // copied on the first write only
      for (let i = 0; i < fills.length; i++) {
        const { key, value } = fills[i];
        if (Object.hasOwn(v, key)) continue;
        // Cloned so that a handler mutating its arguments cannot change the schema's default.
        setOwn((out ??= shallowCopy(v)), key, typeof value === "object" && value !== null ? structuredClone(value) : value);
      }
      for (let i = 0; i < nested.length; i++) {
        const { key, child } = nested[i];
        if (!Object.hasOwn(v, key)) continue;
        const next = child(v[key], depth + 1);
        if (next !== v[key]) setOwn((out ??= shallowCopy(v)), key, next);
      }
      if (scanOthers) {
        for (const key in v) {
          if (known.has(key)) continue;
          let matched = false;
          for (let i = 0; i < patterns.length; i++) {
            const { re, child } = patterns[i];
            if (!re.test(key)) continue;
            matched = true;
            const current = (out ?? v)[key];
            const next = child === null ? current : child(current, depth + 1);
            if (next !== current) setOwn((out ??= shallowCopy(v)), key, next);
          }
          if (matched || additional === null) continue;
          const next = additional(v[key], depth + 1);
          if (next !== v[key]) setOwn((out ??= shallowCopy(v)), key, next);
        }
      }
      return out ?? v;
    };
  }

  private forArray(s: Obj, base: string): Defaulter | null {
    const legacy = Array.isArray(s.items);
    const prefixList = legacy ? s.items : s.prefixItems;
    const prefix = Array.isArray(prefixList) ? prefixList.map((sub) => this.build(sub, base)) : [];
    const rest = this.build(legacy ? s.additionalItems : s.items, base);
    if (rest === null && prefix.every((d) => d === null)) return null;
    return (v, depth) => {
      if (!Array.isArray(v) || depth > MAX_DEPTH) return v;
      let out: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const child = i < prefix.length ? prefix[i] : rest;
        if (child === null) continue;
        const next = child(v[i], depth + 1);
        if (next !== v[i]) (out ??= v.slice())[i] = next;
      }
      return out ?? v;
    };
  }

  /** A property's default, looked up through $ref too, e.g. `{ "$ref": "#/$defs/unit" }`. */
  private findDefault(schema: unknown, base: string, seen: Set<object>): { value: unknown } | null {
    if (!isObject(schema) || seen.has(schema)) return null;
    seen.add(schema);
    if (schema.default !== undefined) return { value: schema.default };
    for (const target of this.refs(schema, this.index.baseOf(schema, base))) {
      const found = this.findDefault(target.schema, target.base, seen);
      if (found !== null) return found;
    }
    return null;
  }

  /**
   * Whether any default is reachable from `root`, so schemas without one cost nothing per call.
   * A full search from `root` is exact; a failed search also proves every schema it visited empty.
   */
  private leadsToDefault(root: Obj, base: string): boolean {
    if (this.none.has(root)) return false;
    const visited = new Set<object>();
    const stack: [unknown, string][] = [[root, base]];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [s, outer] = top;
      if (!isObject(s) || visited.has(s) || this.none.has(s)) continue;
      visited.add(s);
      const b = this.index.baseOf(s, outer);
      if (isObject(s.properties)) {
        for (const sub of Object.values(s.properties)) if (this.findDefault(sub, b, new Set()) !== null) return true;
      }
      for (const sub of children(s)) stack.push([sub, b]);
      for (const target of this.refs(s, b)) stack.push([target.schema, target.base]);
    }
    for (const s of visited) this.none.add(s);
    return false;
  }

  private refs(s: Obj, base: string): Resolved[] {
    return REF_KEYWORDS.filter((k) => typeof s[k] === "string").map((k) => this.index.resolve(s[k] as string, base, k));
  }
}

/** The subschemas a defaulter descends into (refs aside). */
function children(s: Obj): unknown[] {
  const out: unknown[] = [s.additionalProperties, s.additionalItems];
  for (const key of ["properties", "patternProperties"]) if (isObject(s[key])) out.push(...Object.values(s[key]));
  for (const key of ["prefixItems", "allOf", "items"]) {
    if (Array.isArray(s[key])) out.push(...s[key]);
    else out.push(s[key]);
  }
  return out;
}

function push(steps: Defaulter[], step: Defaulter | null): void {
  if (step !== null) steps.push(step);
}

/**
 * Shallow copy that stays cheap to extend: V8 makes adding keys to a `{ ...v }` clone ~10x
 * slower. Object.assign would run the __proto__ setter for an own "__proto__" key, hence the check.
 */
function shallowCopy(v: Obj): Obj {
  return Object.hasOwn(v, "__proto__") ? { ...v } : Object.assign({}, v);
}

/** Plain assignment of "__proto__" would set the prototype instead of a property. */
function setOwn(o: Obj, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
