import type { JsonSchema } from "../types.ts";
import { pointer, schemaError } from "./context.ts";

/** Base URI of a document without $id; only needs to be a hierarchical URL relative refs resolve against. */
export const ROOT_BASE = "mcpkit:/schema.json";

// Where subschemas live. Only these are indexed, so `const`, `default` or `examples`
// values that happen to contain "$id" or "$anchor" are never mistaken for schemas.
const ONE = [
  "additionalProperties",
  "propertyNames",
  "items",
  "contains",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedProperties",
  "unevaluatedItems",
  "additionalItems",
];
const MAP = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"];
const LIST = ["prefixItems", "allOf", "anyOf", "oneOf", "items"];
export const REF_KEYWORDS = ["$ref", "$dynamicRef", "$recursiveRef"];

export interface Resolved {
  schema: JsonSchema;
  base: string;
}

/**
 * Every resource ($id), anchor and subschema base URI of one document, built once at compile.
 * Refs resolve only within the document: nothing is ever fetched.
 */
export class SchemaIndex {
  private readonly resources = new Map<string, JsonSchema>();
  private readonly anchors = new Map<string, Resolved>();
  private readonly bases = new Map<object, string>();
  private readonly locations = new Map<object, string>();

  constructor(root: JsonSchema) {
    const refs: [ref: string, base: string, where: string][] = [];
    if (typeof root === "boolean") this.resources.set(ROOT_BASE, root);
    this.walk(root, ROOT_BASE, "#", refs, new Set());
    // Checking every ref now (not only reachable ones) makes a bad ref fail at registration.
    for (const [ref, base, where] of refs) this.resolve(ref, base, where);
  }

  /** The base URI a subschema's own refs resolve against (its $id, or its resource's). */
  baseOf(schema: object, fallback: string): string {
    return this.bases.get(schema) ?? fallback;
  }

  /** Where a subschema sits in the document, as a JSON pointer, for compile errors. */
  locate(schema: unknown, fallback: string): string {
    return (typeof schema === "object" && schema !== null && this.locations.get(schema)) || fallback;
  }

  resolve(ref: string, base: string, where: string): Resolved {
    const full = resolveUri(ref, base, where);
    const hash = full.indexOf("#");
    const uri = hash < 0 ? full : full.slice(0, hash);
    const fragment = hash < 0 ? "" : safeDecode(full.slice(hash + 1));
    const resource = this.resources.get(uri);
    if (resource === undefined) {
      throw new Error(
        `Cannot resolve $ref "${ref}" at ${where}: ${uri} is not part of this schema, ` +
          "and remote references are never fetched (inline it under $defs instead)",
      );
    }
    if (fragment === "") return { schema: resource, base: uri };
    if (!fragment.startsWith("/")) {
      const anchor = this.anchors.get(uri + "#" + fragment);
      if (anchor === undefined) throw new Error(`Cannot resolve $ref "${ref}" at ${where}: no $anchor "${fragment}"`);
      return anchor;
    }
    let target: unknown = resource;
    for (const raw of fragment.slice(1).split("/")) {
      const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      if (typeof target !== "object" || target === null || !Object.hasOwn(target, segment)) {
        throw new Error(`Cannot resolve $ref "${ref}" at ${where}: nothing at "${fragment}"`);
      }
      target = (target as Record<string, unknown>)[segment];
    }
    if (typeof target !== "boolean" && (typeof target !== "object" || target === null || Array.isArray(target))) {
      throw new Error(`Cannot resolve $ref "${ref}" at ${where}: "${fragment}" is not a schema`);
    }
    return { schema: target as JsonSchema, base: typeof target === "object" ? this.baseOf(target, uri) : uri };
  }

  private walk(schema: unknown, base: string, where: string, refs: [string, string, string][], seen: Set<object>): void {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema) || seen.has(schema)) return;
    seen.add(schema); // guards against object graphs that loop (possible when built in JS)
    const s = schema as Record<string, unknown>;
    if (typeof s.$id === "string") {
      if (s.$id.startsWith("#")) {
        // Draft 6/7 spelling of an anchor.
        this.anchors.set(base + s.$id, { schema: s, base });
      } else {
        base = stripFragment(resolveUri(s.$id, base, where));
        this.resources.set(base, s);
      }
    } else if (where === "#") {
      this.resources.set(base, s);
    }
    this.bases.set(s, base);
    this.locations.set(s, where);
    for (const key of ["$anchor", "$dynamicAnchor"]) {
      if (typeof s[key] === "string") this.anchors.set(base + "#" + (s[key] as string), { schema: s, base });
    }
    for (const key of REF_KEYWORDS) if (typeof s[key] === "string") refs.push([s[key] as string, base, pointer(where, key)]);
    for (const key of ONE) this.walk(s[key], base, pointer(where, key), refs, seen);
    for (const key of LIST) {
      const list = s[key];
      if (Array.isArray(list)) list.forEach((sub, i) => this.walk(sub, base, pointer(where, key, i), refs, seen));
    }
    for (const key of MAP) {
      const map = s[key];
      if (typeof map !== "object" || map === null || Array.isArray(map)) continue;
      for (const [name, sub] of Object.entries(map)) this.walk(sub, base, pointer(where, key, name), refs, seen);
    }
  }
}

function resolveUri(ref: string, base: string, where: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    throw schemaError(where, `"${ref}" is not a valid URI reference (against base ${base})`);
  }
}

const stripFragment = (uri: string): string => (uri.includes("#") ? uri.slice(0, uri.indexOf("#")) : uri);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
