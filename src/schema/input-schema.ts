/**
 * Tool, prompt and elicitation schemas in the three forms a user may write them: a shape of
 * Standard Schema fields, one Standard Schema object, or a raw JSON Schema. Each is compiled
 * once into the JSON Schema to publish and a validator.
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { compileJsonSchema } from "./json-schema-validator.ts";
import { fromStandardResult, isStandardSchema, standardToJsonSchema, toIssues } from "./standard-schema.ts";
import type { CompiledSchema, JsonSchemaObject, ValidationIssue, ValidationResult } from "./types.ts";

export { isStandardSchema };

export type Shape = { [field: string]: StandardSchemaV1 };
export type InputSpec = StandardSchemaV1 | Shape | JsonSchemaObject;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends StandardSchemaV1.InferOutput<S[K]> ? K : never }[keyof S];
type ShapeOutput<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: StandardSchemaV1.InferOutput<S[K]> } & {
    [K in OptionalKeys<S>]?: StandardSchemaV1.InferOutput<S[K]>;
  }
>;

/** The arguments a handler receives for an input spec. */
export type InferInput<S> = S extends undefined
  ? Record<string, never>
  : S extends StandardSchemaV1
    ? StandardSchemaV1.InferOutput<S>
    : S extends Shape
      ? ShapeOutput<S>
      : Record<string, unknown>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !isStandardSchema(value);

function isShape(spec: object): spec is Shape {
  const values = Object.values(spec);
  return values.length > 0 && values.every(isStandardSchema);
}

const EMPTY_SCHEMA: JsonSchemaObject = { type: "object", properties: {} };

type Compiled = CompiledSchema<Record<string, unknown>>;

export function compileInputSchema(spec: InputSpec | undefined): Compiled {
  return compile(spec, "input");
}

export function compileOutputSchema(spec: InputSpec): CompiledSchema {
  return compile(spec, "output");
}

function compile(spec: InputSpec | undefined, io: "input" | "output"): Compiled {
  if (spec === undefined || (isPlainObject(spec) && Object.keys(spec).length === 0)) {
    return { jsonSchema: EMPTY_SCHEMA, validate: validateNothing };
  }
  if (isStandardSchema(spec)) return compileStandardObject(spec, io);
  if (!isPlainObject(spec))
    throw new TypeError("A schema must be a shape of Standard Schema fields, a Standard Schema, or a JSON Schema object");
  if (isShape(spec)) return compileShape(spec, io);
  if (Object.values(spec).some(isStandardSchema)) {
    const bad = Object.entries(spec)
      .filter(([, v]) => !isStandardSchema(v))
      .map(([k]) => k);
    throw new TypeError(
      `Mixed shape: fields ${bad.join(", ")} are not Standard Schemas (zod, valibot, arktype); make every field one, or pass a JSON Schema`,
    );
  }
  return compileRawJsonSchema(spec);
}

function validateNothing(value: unknown): ValidationResult<Record<string, unknown>> {
  if (value === undefined || value === null) return { ok: true, value: {} };
  if (typeof value !== "object" || Array.isArray(value))
    return { ok: false, issues: [{ path: [], message: "expected an object of arguments" }] };
  return { ok: true, value: value as Record<string, unknown> };
}

function compileRawJsonSchema(schema: JsonSchemaObject): Compiled {
  if (schema.type !== "object") throw new TypeError('A tool\'s JSON Schema must have type "object" at the top');
  const check = compileJsonSchema(schema, { applyDefaults: true });
  return {
    jsonSchema: schema, // published exactly as given
    validate: (value) => check(value === undefined ? {} : value) as ValidationResult<Record<string, unknown>>,
  };
}

function compileStandardObject(schema: StandardSchemaV1, io: "input" | "output"): Compiled {
  const jsonSchema = standardToJsonSchema(schema, io);
  if (jsonSchema.type !== "object")
    throw new TypeError(`A ${io} schema must describe an object; this one has type ${JSON.stringify(jsonSchema.type)}`);
  const validate = schema["~standard"].validate;
  return {
    jsonSchema,
    validate: (value) => {
      const out = validate(value === undefined ? {} : value);
      return out instanceof Promise
        ? out.then((r) => fromStandardResult<Record<string, unknown>>(r))
        : fromStandardResult<Record<string, unknown>>(out);
    },
  };
}

interface Field {
  name: string;
  validate: StandardSchemaV1["~standard"]["validate"];
  optional: boolean;
}

function compileShape(shape: Shape, io: "input" | "output"): Compiled {
  const properties: Record<string, JsonSchemaObject> = {};
  const required: string[] = [];
  const fields: Field[] = [];
  for (const [name, field] of Object.entries(shape)) {
    const fieldSchema = standardToJsonSchema(field, io);
    delete fieldSchema.$schema;
    properties[name] = fieldSchema;
    const validate = field["~standard"].validate;
    // A field that accepts `undefined` is optional (or has a default): decided once, here.
    const probe = validate(undefined);
    const optional = probe instanceof Promise ? false : !probe.issues;
    if (!optional) required.push(name);
    fields.push({ name, validate, optional });
  }
  const jsonSchema: JsonSchemaObject = required.length ? { type: "object", properties, required } : { type: "object", properties };
  return { jsonSchema, validate: (value) => validateShape(fields, value) };
}

function validateShape(
  fields: Field[],
  value: unknown,
): ValidationResult<Record<string, unknown>> | Promise<ValidationResult<Record<string, unknown>>> {
  if (value === undefined || value === null) value = {};
  if (typeof value !== "object" || Array.isArray(value))
    return { ok: false, issues: [{ path: [], message: "expected an object of arguments" }] };
  const input = value as Record<string, unknown>;
  const output: Record<string, unknown> = {};
  let issues: ValidationIssue[] | undefined;
  let pending: Promise<void>[] | undefined;
  for (const field of fields) {
    const result = field.validate(Object.hasOwn(input, field.name) ? input[field.name] : undefined);
    if (result instanceof Promise) {
      (pending ??= []).push(
        result.then((r) => {
          if (r.issues) (issues ??= []).push(...toIssues(r.issues, field.name));
          else if (r.value !== undefined) output[field.name] = r.value;
        }),
      );
    } else if (result.issues) {
      (issues ??= []).push(...toIssues(result.issues, field.name));
    } else if (result.value !== undefined || !field.optional) {
      output[field.name] = result.value;
    }
  }
  // Unknown keys are dropped: handlers see exactly the declared fields.
  const finish = (): ValidationResult<Record<string, unknown>> => (issues ? { ok: false, issues } : { ok: true, value: output });
  return pending ? Promise.all(pending).then(finish) : finish();
}

/** MCP prompt arguments from a shape: name, description, required. */
export function describeArguments(shape: Shape): { name: string; description?: string; required: boolean }[] {
  const compiled = compileShape(shape, "input");
  const required = new Set((compiled.jsonSchema.required as string[] | undefined) ?? []);
  const properties = compiled.jsonSchema.properties as Record<string, { description?: unknown }>;
  return Object.keys(shape).map((name) => {
    const description = properties[name]?.description;
    return typeof description === "string" ? { name, description, required: required.has(name) } : { name, required: required.has(name) };
  });
}

const PRIMITIVE_TYPES = new Set(["string", "number", "integer", "boolean"]);

/**
 * The requested schema of a form-mode elicitation: a flat object of primitive properties
 * (strings, numbers, booleans, single- and multi-select enums). Throws naming the property
 * that does not fit.
 */
export function compileElicitationSchema(spec: InputSpec): Compiled {
  const compiled = compile(spec, "input");
  const schema = compiled.jsonSchema;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchemaObject>;
  for (const [name, property] of Object.entries(properties)) {
    const type = property.type;
    const isMultiSelect =
      type === "array" &&
      typeof property.items === "object" &&
      property.items !== null &&
      (Array.isArray((property.items as JsonSchemaObject).enum) || Array.isArray((property.items as JsonSchemaObject).anyOf));
    if (!(typeof type === "string" && PRIMITIVE_TYPES.has(type)) && !isMultiSelect) {
      throw new TypeError(
        `Elicitation property "${name}" must be a string, number, integer, boolean or enum (multi-select: an array of enum values); nested objects and other arrays cannot be asked for`,
      );
    }
  }
  if (schema === EMPTY_SCHEMA) return compiled;
  // Publish only what elicitation allows at the top level.
  const published: JsonSchemaObject = { type: "object", properties };
  if (Array.isArray(schema.required) && schema.required.length) published.required = schema.required;
  return { jsonSchema: published, validate: compiled.validate };
}
