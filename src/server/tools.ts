import { ErrorCode, McpError, ToolError, errorMessage } from "../protocol/errors.ts";
import type { CallToolResult, Icon, Meta, Tool, ToolAnnotations } from "../protocol/types.ts";
import { compileInputSchema, compileOutputSchema, type InferInput, type InputSpec } from "../schema/input-schema.ts";
import type { CompiledSchema, ValidationIssue } from "../schema/types.ts";
import { accessOf, type AccessOptions } from "./access.ts";
import type { ComponentEntry } from "./component-list.ts";
import type { Context } from "./context.ts";
import { InputRequiredSignal } from "./input-required.ts";
import { reportMaskedError } from "./masked-errors.ts";
import { toToolResult } from "./results.ts";

export interface ToolOptions<
  I extends InputSpec | undefined = undefined,
  O extends InputSpec | undefined = undefined,
> extends AccessOptions {
  description?: string;
  title?: string;
  /** A shape of Standard Schema fields, a Standard Schema object, or a JSON Schema (kept as given). */
  input?: I;
  /** Schema of `structuredContent`; results are validated against it. */
  output?: O;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  meta?: Meta;
  /** Start disabled; `handle.enable()` lists it later. */
  enabled?: boolean;
  /**
   * How long the handler may run (ms): then `ctx.signal` is aborted and the call answers an
   * `isError` result. Overrides the server's `toolTimeoutMs`; 0 means no limit.
   */
  timeoutMs?: number;
}

export type ToolHandler<I, State> = (args: InferInput<I>, ctx: Context<State>) => unknown;

export interface ToolEntry extends ComponentEntry<Tool> {
  input: CompiledSchema<Record<string, unknown>>;
  output: CompiledSchema | undefined;
  handler: (args: Record<string, unknown>, ctx: Context<never>) => unknown;
  /** 0: no limit. */
  timeoutMs: number;
}

const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

export function createToolEntry(
  name: string,
  options: ToolOptions<InputSpec | undefined, InputSpec | undefined>,
  handler: ToolEntry["handler"],
  defaultTimeoutMs = 0,
): ToolEntry {
  if (!TOOL_NAME.test(name)) {
    throw new Error(`Tool name "${name}" must be 1-128 characters of letters, digits, "_", "-" or "."`);
  }
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (typeof timeoutMs !== "number" || !(timeoutMs >= 0)) {
    throw new TypeError(`Tool "${name}": timeoutMs must be a number of milliseconds, 0 or more (0 = no limit); got ${String(timeoutMs)}`);
  }
  const input = compileInputSchema(options.input);
  const output = options.output === undefined ? undefined : compileOutputSchema(options.output);
  const definition: Tool = { name, inputSchema: input.jsonSchema };
  if (options.title !== undefined) definition.title = options.title;
  if (options.description !== undefined) definition.description = options.description;
  if (output) definition.outputSchema = output.jsonSchema;
  if (options.annotations) definition.annotations = options.annotations;
  if (options.icons) definition.icons = options.icons;
  if (options.meta) definition._meta = options.meta;
  return {
    key: name,
    definition,
    enabled: options.enabled ?? true,
    access: accessOf(options, `tool "${name}"`),
    input,
    output,
    handler,
    timeoutMs,
  };
}

export const describeIssues = (issues: ValidationIssue[]) =>
  issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");

const errorResult = (message: string): CallToolResult => ({ content: [{ type: "text", text: message }], isError: true });

/**
 * Runs a tool. Bad arguments and errors the handler throws become `isError` results the
 * model can read; protocol errors (`McpError`) and input-required rounds pass through.
 */
export async function callTool(entry: ToolEntry, args: unknown, ctx: Context<never>, maskErrors: boolean): Promise<CallToolResult> {
  let checked = entry.input.validate(args);
  if (checked instanceof Promise) checked = await checked;
  if (!checked.ok) return errorResult(`Invalid arguments for tool "${entry.key}": ${describeIssues(checked.issues)}`);
  let value: unknown;
  try {
    value = entry.handler(checked.value, ctx);
    if (value instanceof Promise)
      value = await (entry.timeoutMs > 0 && Number.isFinite(entry.timeoutMs) ? withTimeout(value, entry, ctx) : value);
    if (value === TIMED_OUT) return errorResult(timeoutMessage(entry));
  } catch (error) {
    if (error instanceof McpError || error instanceof InputRequiredSignal) throw error;
    if (error instanceof ToolError || !maskErrors) return errorResult(errorMessage(error));
    reportMaskedError("tool", entry.key, error);
    return errorResult(`Error calling tool "${entry.key}"`);
  }
  let result: CallToolResult;
  try {
    result = toToolResult(value);
  } catch {
    // The value is not JSON (a BigInt, a cycle, a getter that throws); its own message may hold server state.
    return errorResult(`Tool "${entry.key}" returned a value that cannot be serialised as JSON`);
  }
  if (entry.output && !result.isError) await checkOutput(entry, result);
  return result;
}

const TIMED_OUT = Symbol("timed out");
const timeoutMessage = (entry: ToolEntry) => `Tool "${entry.key}" timed out after ${entry.timeoutMs} ms`;

/**
 * Waits for the handler up to its timeout; then aborts its signal (it may still be running,
 * and whatever it ends with is dropped). `expire`, not `cancel`: the call is still answered.
 */
function withTimeout(running: Promise<unknown>, entry: ToolEntry, ctx: Context<never>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      running.catch(() => {}); // a late rejection must not become an unhandled one
      ctx.expire(new McpError(ErrorCode.RequestTimeout, timeoutMessage(entry)));
      resolve(TIMED_OUT);
    }, entry.timeoutMs);
  });
  return Promise.race([running, deadline]).finally(() => clearTimeout(timer));
}

async function checkOutput(entry: ToolEntry, result: CallToolResult): Promise<void> {
  if (result.structuredContent === undefined) {
    throw new McpError(ErrorCode.InternalError, `Tool "${entry.key}" declares an outputSchema but returned no structured content`);
  }
  let checked = entry.output!.validate(result.structuredContent);
  if (checked instanceof Promise) checked = await checked;
  if (!checked.ok) {
    throw new McpError(
      ErrorCode.InternalError,
      `Tool "${entry.key}" returned structured content that does not match its outputSchema: ${describeIssues(checked.issues)}`,
    );
  }
}
