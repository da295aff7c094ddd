/** A JSON Schema document (2020-12 dialect unless it says otherwise). */
export type JsonSchema = JsonSchemaObject | boolean;
export type JsonSchemaObject = { [keyword: string]: unknown };

/** One reason a value failed validation, with the path to the offending part. */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

export type ValidationResult<T = unknown> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Validators are synchronous where the schema library allows; callers handle both. */
export type Validator<T = unknown> = (value: unknown) => ValidationResult<T> | Promise<ValidationResult<T>>;

/** A schema compiled once at registration: the JSON Schema to publish and its validator. */
export interface CompiledSchema<T = unknown> {
  readonly jsonSchema: JsonSchemaObject;
  readonly validate: Validator<T>;
}
