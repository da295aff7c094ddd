/**
 * The era-neutral core: (registry, request context) -> result or error. The wire codecs
 * decide how a request arrives and how its answer leaves; this file decides what it is.
 */
import { ErrorCode, McpError, ResourceNotFoundError, invalidParams, resourceNotFound } from "../protocol/errors.ts";
import { isPlainObject } from "../protocol/jsonrpc.ts";
import { own } from "../protocol/own.ts";
import type { ResourceContents } from "../protocol/types.ts";
import { complete } from "./completions.ts";
import type { Context } from "./context.ts";
import type { MiddlewareStack, OperationResult } from "./middleware.ts";
import { paginate } from "./pagination.ts";
import { getPrompt } from "./prompts.ts";
import type { Registry } from "./registry.ts";
import { readWith } from "./resources.ts";
import { callTool } from "./tools.ts";

export interface EngineOptions {
  maskErrorDetails: boolean;
  pageSize: number | undefined;
}

type Operation = (ctx: Context<never>) => Promise<OperationResult> | OperationResult;

/** Operations every era shares. Era-specific methods live in the wire codecs. */
export const ENGINE_METHODS = [
  "tools/list", "tools/call", "resources/list", "resources/templates/list", "resources/read",
  "prompts/list", "prompts/get", "completion/complete",
] as const;

export class Engine {
  /** A Map, not an object: method names come from the wire, and `constructor` must not find Object's. */
  private readonly operations: ReadonlyMap<string, Operation>;

  constructor(
    private readonly registry: Registry,
    private readonly options: EngineOptions,
    private readonly middleware: MiddlewareStack,
  ) {
    this.operations = new Map<string, Operation>([
      ["tools/list", (ctx) => this.list("tools", registry.tools.list(), ctx)],
      ["tools/call", (ctx) => this.callTool(ctx)],
      ["resources/list", (ctx) => this.listResources(ctx)],
      ["resources/templates/list", (ctx) => this.list("resourceTemplates", registry.templates.list(), ctx)],
      ["resources/read", async (ctx) => ({ contents: await this.readResource(stringParam(ctx, "uri"), ctx) })],
      ["prompts/list", (ctx) => this.list("prompts", registry.prompts.list(), ctx)],
      ["prompts/get", (ctx) => this.getPrompt(ctx)],
      ["completion/complete", (ctx) => this.complete(ctx)],
    ]);
  }

  has(method: string): boolean {
    return this.operations.has(method);
  }

  /** Runs `ctx.method` through the middleware and its operation. */
  handle(ctx: Context<never>): Promise<OperationResult> {
    const operation = this.operations.get(ctx.method);
    if (!operation) return Promise.reject(new McpError(ErrorCode.MethodNotFound, `Method not found: ${ctx.method}`, undefined, 404));
    if (this.middleware.empty) {
      const out = operation(ctx);
      return out instanceof Promise ? out : Promise.resolve(out);
    }
    return this.middleware.run(ctx.method, ctx, async () => operation(ctx));
  }

  /** Reads a resource by URI: static ones first, then the first matching template. */
  readResource = async (uri: string, ctx: Context<never>): Promise<ResourceContents[]> => {
    const staticEntry = this.registry.resources.get(uri);
    const found = staticEntry ? { entry: staticEntry, variables: {} } : this.registry.matchTemplate(uri);
    if (!found) throw resourceNotFound(ctx.client.era, uri);
    ctx.cacheHint = found.entry.cache;
    try {
      return await readWith(found.entry, uri, found.variables, ctx);
    } catch (error) {
      if (error instanceof ResourceNotFoundError) throw resourceNotFound(ctx.client.era, error.uri, error.message);
      throw error;
    }
  };

  private list(key: string, items: readonly unknown[], ctx: Context<never>): OperationResult {
    const { page, nextCursor } = paginate(items, ctx.params.cursor, this.options.pageSize);
    return nextCursor === undefined ? { [key]: page } : { [key]: page, nextCursor };
  }

  private async listResources(ctx: Context<never>): Promise<OperationResult> {
    const listers = this.registry.templates.enabled().filter((t) => t.listResources);
    if (listers.length === 0) return this.list("resources", this.registry.resources.list(), ctx);
    const extra = await Promise.all(listers.map((t) => t.listResources!()));
    return this.list("resources", [...this.registry.resources.list(), ...extra.flat()], ctx);
  }

  private callTool(ctx: Context<never>): Promise<OperationResult> {
    const name = stringParam(ctx, "name");
    const entry = this.registry.tools.get(name);
    if (!entry) throw invalidParams(`Unknown tool: ${name}`, { name });
    return callTool(entry, ctx.params.arguments, ctx, this.options.maskErrorDetails) as unknown as Promise<OperationResult>;
  }

  private getPrompt(ctx: Context<never>): Promise<OperationResult> {
    const name = stringParam(ctx, "name");
    const entry = this.registry.prompts.get(name);
    if (!entry) throw invalidParams(`Unknown prompt: ${name}`, { name });
    return getPrompt(entry, ctx.params.arguments, ctx) as unknown as Promise<OperationResult>;
  }

  private async complete(ctx: Context<never>): Promise<OperationResult> {
    const ref = ctx.params.ref;
    const argument = ctx.params.argument as { name?: unknown; value?: unknown } | undefined;
    if (!isPlainObject(ref)) throw invalidParams("completion/complete needs a ref object");
    if (!isPlainObject(argument) || typeof argument.name !== "string" || typeof argument.value !== "string") {
      throw invalidParams("completion/complete needs argument {name, value} with string values");
    }
    const given = (ctx.params.context as { arguments?: unknown } | undefined)?.arguments;
    const context = isPlainObject(given) ? (given as Record<string, string>) : {};
    if (ref.type === "ref/prompt") {
      if (typeof ref.name !== "string") throw invalidParams('A "ref/prompt" ref needs a string "name"');
      const prompt = this.registry.prompts.get(ref.name);
      if (!prompt) throw invalidParams(`Unknown prompt: ${ref.name}`, { name: ref.name });
      return await complete(own(prompt.complete, argument.name), own(prompt.enums, argument.name), argument.value, context) as unknown as OperationResult;
    }
    if (ref.type === "ref/resource") {
      if (typeof ref.uri !== "string") throw invalidParams('A "ref/resource" ref needs a string "uri"');
      const template = this.registry.templates.get(ref.uri);
      if (!template) {
        if (this.registry.resources.get(ref.uri)) return { completion: { values: [], total: 0, hasMore: false } };
        throw invalidParams(`Unknown resource template: ${ref.uri}`, { uri: ref.uri });
      }
      return await complete(own(template.complete, argument.name), undefined, argument.value, context) as unknown as OperationResult;
    }
    throw invalidParams(`Unknown completion ref type: ${JSON.stringify(ref.type) ?? "none"}; expected "ref/prompt" or "ref/resource"`);
  }
}

function stringParam(ctx: Context<never>, key: string): string {
  const value = ctx.params[key];
  if (typeof value !== "string") throw invalidParams(`Missing or invalid "${key}": expected a string`);
  return value;
}

