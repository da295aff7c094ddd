/**
 * An argument the tool's input schema does not name is almost always a typo (`tims=5` for
 * `times`): a server whose schema leaves `additionalProperties` unset ignores it, and the call
 * "works" with the default. The CLI refuses it unless the schema says extra keys are welcome
 * (`additionalProperties` true or a schema, or `patternProperties`).
 */
import { closeNames } from "../util/close-names.ts";
import { CliError } from "./command.ts";
import type { JsonSchemaObject } from "../schema/types.ts";

export function checkArgumentNames(tool: string, args: Record<string, unknown>, schema: JsonSchemaObject | undefined): void {
  if (!schema || schema.type !== "object") return;
  if (schema.patternProperties !== undefined || (schema.additionalProperties !== undefined && schema.additionalProperties !== false))
    return;
  // Combinators and references can name properties this level does not show.
  if (["anyOf", "oneOf", "allOf", "$ref", "if", "dependentSchemas", "unevaluatedProperties"].some((key) => Object.hasOwn(schema, key)))
    return;
  const properties = schema.properties && typeof schema.properties === "object" ? Object.keys(schema.properties) : [];
  for (const key of Object.keys(args)) {
    if (properties.includes(key)) continue;
    if (properties.length === 0) throw new CliError(`call: the tool "${tool}" takes no arguments, but was given "${key}"`);
    const close = closeNames(key, properties)[0];
    const hint = close ? `; did you mean "${close}"?` : "";
    throw new CliError(`call: the tool "${tool}" has no argument "${key}" (its arguments: ${properties.join(", ")})${hint}`);
  }
}
