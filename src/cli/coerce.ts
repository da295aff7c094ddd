/**
 * Turns `key=value` words into tool arguments: JSON when the value parses, text otherwise,
 * then nudged to the simple type the tool's input schema asks for.
 */
import type { JsonSchemaObject } from "../schema/types.ts";

export function coerceArguments(pairs: Array<[string, string]>, schema: JsonSchemaObject | undefined): Record<string, unknown> {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchemaObject | undefined>;
  const args: Record<string, unknown> = {};
  for (const [key, raw] of pairs) args[key] = coerceValue(raw, properties[key]);
  return args;
}

export function coerceValue(raw: string, schema: JsonSchemaObject | undefined): unknown {
  const parsed = parseJson(raw);
  const types = typesOf(schema);
  if (types.size === 0) return parsed.ok ? parsed.value : raw;
  const value = parsed.ok ? parsed.value : raw;
  if (types.has(typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : jsonType(value))) return value;
  if (typeof value === "number" && types.has("number")) return value;
  // A string argument given 42, true or {...}: keep the text as typed.
  if (types.has("string")) return raw;
  if ((types.has("number") || types.has("integer")) && raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  if (types.has("boolean") && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === "true";
  if (types.has("array") && !parsed.ok) {
    const items = schema?.items as JsonSchemaObject | undefined;
    return raw.split(",").map((part) => coerceValue(part.trim(), items));
  }
  return value;
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

function typesOf(schema: JsonSchemaObject | undefined): Set<string> {
  const out = new Set<string>();
  if (!schema) return out;
  const type = schema.type;
  if (typeof type === "string") out.add(type);
  if (Array.isArray(type)) for (const t of type) if (typeof t === "string") out.add(t);
  for (const branch of [...asArray(schema.anyOf), ...asArray(schema.oneOf)]) for (const t of typesOf(branch)) out.add(t);
  return out;
}

const asArray = (value: unknown) => (Array.isArray(value) ? (value as JsonSchemaObject[]) : []);

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
