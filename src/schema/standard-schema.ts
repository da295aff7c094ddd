// Adapters for Standard Schema (https://standardschema.dev) values: duck-typed on `~standard`,
// so no schema library is ever imported at runtime.
import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import type { JsonSchemaObject, ValidationIssue, ValidationResult } from "./types.ts";

export type StandardProps = StandardSchemaV1.Props & { readonly jsonSchema?: Partial<StandardJSONSchemaV1.Converter> };

const DIALECT_2020_12 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

/** True for any value carrying a Standard Schema (`~standard` with a `validate` function). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== "object" || value === null) && typeof value !== "function") return false;
  const props = (value as { "~standard"?: unknown })["~standard"];
  return typeof props === "object" && props !== null && typeof (props as { validate?: unknown }).validate === "function";
}

/**
 * The JSON Schema (2020-12) of a Standard Schema's input or output type, through the Standard
 * JSON Schema interface (`~standard.jsonSchema`). Throws, saying what to do, when the library
 * does not implement it or cannot express the schema in JSON Schema.
 */
export function standardToJsonSchema(schema: StandardSchemaV1, io: "input" | "output"): JsonSchemaObject {
  const props = schema["~standard"] as StandardProps;
  const convert = props.jsonSchema?.[io];
  if (typeof convert !== "function") throw new Error(missingConverter(props.vendor));
  let json: unknown;
  try {
    json = convert({ target: "draft-2020-12" });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot convert this ${props.vendor} schema to JSON Schema (${io} type): ${reason}`, { cause: error });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new Error(`The ${props.vendor} JSON Schema converter returned ${typeof json}, expected a JSON Schema object`);
  }
  const result = json as JsonSchemaObject;
  // Libraries that ignore the requested target label their own dialect; that label would be a lie here.
  if (typeof result.$schema === "string" && !DIALECT_2020_12.test(result.$schema)) {
    const { $schema: _dropped, ...rest } = result;
    return rest;
  }
  return result;
}

function missingConverter(vendor: string): string {
  const hint =
    vendor === "valibot"
      ? "valibot schemas need toStandardJsonSchema() from @valibot/to-json-schema: pass toStandardJsonSchema(v.object({ ... })) or wrap each field"
      : vendor === "zod"
        ? 'zod schemas need zod 4 or later (import { z } from "zod" v4, or "zod/v4"), which implement Standard JSON Schema'
        : vendor === "arktype"
          ? "arktype schemas need an arktype 2 release that implements Standard JSON Schema (2.1.28 or later); upgrade arktype"
          : "use a library version that implements it, or pass a raw JSON Schema object instead";
  return `This ${vendor} schema does not implement Standard JSON Schema (~standard.jsonSchema), so mcpkit cannot publish it as JSON Schema: ${hint}`;
}

/** Standard Schema issues as mcpkit issues, with `prefix` (a field name) put before each path. */
export function toIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>, prefix?: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path: (string | number)[] = prefix === undefined ? [] : [prefix];
    if (issue.path) {
      for (const segment of issue.path) {
        const key = typeof segment === "object" && segment !== null ? segment.key : segment;
        path.push(typeof key === "symbol" ? String(key) : key);
      }
    }
    out.push({ path, message: issue.message });
  }
  return out;
}

/** A Standard Schema result as a ValidationResult (the only allocation on success). */
export function fromStandardResult<T>(result: StandardSchemaV1.Result<unknown>): ValidationResult<T> {
  return result.issues ? { ok: false, issues: toIssues(result.issues) } : { ok: true, value: result.value as T };
}
