import { invalidParams } from "../protocol/errors.ts";
import type { GetPromptResult, Icon, Meta, Prompt, PromptArgument } from "../protocol/types.ts";
import { compileInputSchema, describeArguments, isStandardSchema, type InferInput } from "../schema/input-schema.ts";
import type { CompiledSchema } from "../schema/types.ts";
import { accessOf, type AccessOptions } from "./access.ts";
import type { ComponentEntry } from "./component-list.ts";
import type { Completer } from "./completions.ts";
import type { Context } from "./context.ts";
import { toPromptMessages } from "./results.ts";
import { describeIssues } from "./tools.ts";

/** A prompt argument given without a schema library. */
export interface PromptArgumentSpec {
  description?: string;
  title?: string;
  required?: boolean;
}

export type PromptArgs = Record<string, unknown>;

export interface PromptOptions<A extends PromptArgs | undefined> extends AccessOptions {
  description?: string;
  title?: string;
  /** Each argument: a Standard Schema field, or `{ description, required }`. */
  args?: A;
  icons?: Icon[];
  meta?: Meta;
  enabled?: boolean;
  /** Suggestions for argument values, for `completion/complete`. */
  complete?: { [K in keyof A]?: Completer };
}

/** Arguments a prompt handler receives: typed from schema fields, strings otherwise. */
export type PromptArguments<A> = A extends undefined
  ? Record<string, never>
  : { [K in keyof A as A[K] extends PromptArgumentSpec & { required: true } ? K : never]: string } & {
      [
        K in keyof A as A[K] extends PromptArgumentSpec & { required: true } ? never : A[K] extends { "~standard": unknown } ? never : K
      ]?: string;
    } & InferInput<{ [K in keyof A as A[K] extends { "~standard": unknown } ? K : never]: A[K] }>;

export type PromptHandler<A, State> = (args: PromptArguments<A>, ctx: Context<State>) => unknown;

export interface PromptEntry extends ComponentEntry<Prompt> {
  validate: CompiledSchema<Record<string, unknown>>["validate"] | undefined;
  required: string[];
  handler: (args: Record<string, unknown>, ctx: Context<never>) => unknown;
  complete: Record<string, Completer | undefined>;
  enums: Record<string, string[]>;
}

export function createPromptEntry(
  name: string,
  options: PromptOptions<PromptArgs | undefined>,
  handler: PromptEntry["handler"],
): PromptEntry {
  const args = options.args ?? {};
  const schemaFields = Object.fromEntries(Object.entries(args).filter(([, v]) => isStandardSchema(v)));
  const compiled = Object.keys(schemaFields).length ? compileInputSchema(schemaFields as never) : undefined;
  const described = compiled ? describeArguments(schemaFields as never) : [];
  const argumentList: PromptArgument[] = Object.entries(args).map(([argName, spec]) => {
    const fromSchema = described.find((d: PromptArgument) => d.name === argName);
    if (fromSchema) return fromSchema;
    const plain = (spec ?? {}) as PromptArgumentSpec;
    const arg: PromptArgument = { name: argName, required: plain.required ?? false };
    if (plain.description !== undefined) arg.description = plain.description;
    if (plain.title !== undefined) arg.title = plain.title;
    return arg;
  });
  const definition: Prompt = { name };
  if (options.title !== undefined) definition.title = options.title;
  if (options.description !== undefined) definition.description = options.description;
  if (argumentList.length) definition.arguments = argumentList;
  if (options.icons) definition.icons = options.icons;
  if (options.meta) definition._meta = options.meta;
  const enums: Record<string, string[]> = {};
  const properties = (compiled?.jsonSchema.properties ?? {}) as Record<string, { enum?: unknown[] }>;
  for (const [key, prop] of Object.entries(properties)) {
    if (Array.isArray(prop.enum)) enums[key] = prop.enum.filter((v): v is string => typeof v === "string");
  }
  return {
    key: name,
    definition,
    enabled: options.enabled ?? true,
    access: accessOf(options, `prompt "${name}"`),
    handler,
    validate: compiled?.validate,
    required: argumentList.filter((a) => a.required).map((a) => a.name),
    complete: (options.complete ?? {}) as Record<string, Completer | undefined>,
    enums,
  };
}

/** Checks arguments (missing required ones are -32602, as the spec says) and renders the prompt. */
export async function getPrompt(entry: PromptEntry, args: unknown, ctx: Context<never>): Promise<GetPromptResult> {
  if (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))) {
    throw invalidParams(`Arguments of prompt "${entry.key}" must be an object of strings`);
  }
  const given = (args ?? {}) as Record<string, unknown>;
  const missing = entry.required.filter((name) => !Object.hasOwn(given, name) || given[name] === undefined);
  if (missing.length) throw invalidParams(`Prompt "${entry.key}" is missing required argument(s): ${missing.join(", ")}`);
  let values = given;
  if (entry.validate) {
    let checked = entry.validate(given);
    if (checked instanceof Promise) checked = await checked;
    if (!checked.ok) throw invalidParams(`Invalid arguments for prompt "${entry.key}": ${describeIssues(checked.issues)}`);
    values = { ...given, ...checked.value };
  }
  let value = entry.handler(values, ctx);
  if (value instanceof Promise) value = await value;
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "messages" in value) {
    const full = value as { messages: unknown; description?: string };
    const result: GetPromptResult = { messages: toPromptMessages(full.messages) };
    const description = full.description ?? entry.definition.description;
    if (description !== undefined) result.description = description;
    return result;
  }
  const result: GetPromptResult = { messages: toPromptMessages(value) };
  if (entry.definition.description !== undefined) result.description = entry.definition.description;
  return result;
}
