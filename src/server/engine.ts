/**
 * The era-neutral core: (registry, request context) -> result or error. The wire codecs
 * decide how a request arrives and how its answer leaves; this file decides what it is.
 */
import { ResourceNotFoundError, UnknownResourceError, invalidParams, methodNotFound } from "../protocol/errors.ts";
import { isPlainObject } from "../protocol/jsonrpc.ts";
import { own } from "../protocol/own.ts";
import type { CacheHint, ResourceContents } from "../protocol/types.ts";
import { complete } from "./completions.ts";
import type { Context } from "./context.ts";
import { checkAccess, permits } from "./access.ts";
import { MethodTable, type MethodDefinition, type MethodHandler } from "./methods.ts";
import type { MiddlewareStack, OperationResult } from "./middleware.ts";
import { paginate } from "./pagination.ts";
import { getPrompt } from "./prompts.ts";
import { chain, type Components, type Listing } from "./providers.ts";
import { readWith } from "./resources.ts";
import { Slot } from "./slots.ts";
import { callTool } from "./tools.ts";

export interface EngineOptions {
  maskErrorDetails: boolean;
  pageSize: number | undefined;
  /** List components the caller may not use (their use is still refused). */
  listUnauthorized: boolean;
}

/** The cache hint of the resource that answered, for the codec that puts hints on answers. */
export const CACHE_HINT = new Slot<Partial<CacheHint>>("cache hint");

const BOTH_ERAS = ["modern", "legacy"] as const;

export class Engine {
  /** Every method either era serves: the core ones here, era-specific ones added by the codecs, extensions' by `define`. */
  readonly methods = new MethodTable();

  constructor(
    private readonly components: Components,
    private readonly options: EngineOptions,
    private readonly middleware: MiddlewareStack,
  ) {
    const core = (
      name: string,
      capability: MethodDefinition["capability"],
      handler: MethodHandler,
      flags: { cached?: boolean; multiRound?: boolean } = {},
    ) => this.methods.define({ name, eras: BOTH_ERAS, capability, handler, ...flags });
    core(
      "tools/list",
      "tools",
      (ctx) => chain(components.toolDefinitions(ctx.auth, options.listUnauthorized), (tools) => this.list("tools", tools, ctx)),
      { cached: true },
    );
    core("tools/call", "tools", (ctx) => this.callTool(ctx), { multiRound: true });
    core("resources/list", "resources", (ctx) => this.listResources(ctx), { cached: true });
    core(
      "resources/templates/list",
      "resources",
      (ctx) =>
        chain(components.templateDefinitions(ctx.auth, options.listUnauthorized), (templates) =>
          this.list("resourceTemplates", templates, ctx),
        ),
      { cached: true },
    );
    core("resources/read", "resources", async (ctx) => ({ contents: await this.readResource(stringParam(ctx, "uri"), ctx) }), {
      cached: true,
      multiRound: true,
    });
    core(
      "prompts/list",
      "prompts",
      (ctx) => chain(components.promptDefinitions(ctx.auth, options.listUnauthorized), (prompts) => this.list("prompts", prompts, ctx)),
      {
        cached: true,
      },
    );
    core("prompts/get", "prompts", (ctx) => this.getPrompt(ctx), { multiRound: true });
    core("completion/complete", "completions", (ctx) => this.complete(ctx));
  }

  /** Runs `ctx.method` (as the request's era knows it) through the middleware and its handler. */
  handle(ctx: Context<never>): Promise<OperationResult> {
    const definition = this.methods.get(ctx.method, ctx.client.era);
    if (!definition) return Promise.reject(methodNotFound(ctx.method));
    const handler = definition.handler;
    if (this.middleware.empty) {
      try {
        const out = handler(ctx);
        return out instanceof Promise ? out : Promise.resolve(out);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.middleware.run(ctx.method, ctx, async () => handler(ctx));
  }

  /** Reads a resource by URI: static ones first, then the first matching template. */
  readResource = async (uri: string, ctx: Context<never>): Promise<ResourceContents[]> => {
    const found = await this.components.findResource(uri);
    if (!found) throw new UnknownResourceError(uri);
    checkAccess(found.entry.access, ctx.auth, `resource "${uri}"`);
    if (found.entry.cache) ctx.slots.set(CACHE_HINT, found.entry.cache);
    try {
      return await readWith(found.entry, uri, found.variables, ctx);
    } catch (error) {
      if (error instanceof ResourceNotFoundError) throw new UnknownResourceError(error.uri, error.message);
      throw error;
    }
  };

  private list(key: string, listing: Listing<unknown>, ctx: Context<never>): OperationResult {
    const items = listing.items;
    // A list filtered by the caller's scopes is theirs alone: no shared cache may keep it.
    if (listing.perCaller) ctx.slots.set(CACHE_HINT, { ...ctx.slots.get(CACHE_HINT), cacheScope: "private" });
    const { page, nextCursor } = paginate(items, ctx.params.cursor, this.options.pageSize);
    return nextCursor === undefined ? { [key]: page } : { [key]: page, nextCursor };
  }

  private async listResources(ctx: Context<never>): Promise<OperationResult> {
    const [resources, templates] = await Promise.all([
      this.components.resourceDefinitions(ctx.auth, this.options.listUnauthorized),
      this.components.templates(),
    ]);
    const listers = templates.filter((t) => t.listResources && (this.options.listUnauthorized || permits(t.access, ctx.auth)));
    if (listers.length === 0) return this.list("resources", resources, ctx);
    const extra = await Promise.all(listers.map((t) => t.listResources!()));
    return this.list(
      "resources",
      { items: [...resources.items, ...extra.flat()], perCaller: resources.perCaller || templates.some((t) => t.access) },
      ctx,
    );
  }

  private callTool(ctx: Context<never>): Promise<OperationResult> | OperationResult {
    const name = stringParam(ctx, "name");
    return chain(this.components.tool(name), (entry) => {
      if (!entry) throw invalidParams(`Unknown tool: ${name}`, { name });
      checkAccess(entry.access, ctx.auth, `tool "${name}"`);
      return callTool(entry, ctx.params.arguments, ctx, this.options.maskErrorDetails) as unknown as Promise<OperationResult>;
    });
  }

  private async getPrompt(ctx: Context<never>): Promise<OperationResult> {
    const name = stringParam(ctx, "name");
    const entry = await this.components.prompt(name);
    if (!entry) throw invalidParams(`Unknown prompt: ${name}`, { name });
    checkAccess(entry.access, ctx.auth, `prompt "${name}"`);
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
      const prompt = await this.components.prompt(ref.name);
      if (!prompt) throw invalidParams(`Unknown prompt: ${ref.name}`, { name: ref.name });
      checkAccess(prompt.access, ctx.auth, `prompt "${ref.name}"`);
      return (await complete(
        own(prompt.complete, argument.name),
        own(prompt.enums, argument.name),
        argument.value,
        context,
      )) as unknown as OperationResult;
    }
    if (ref.type === "ref/resource") {
      if (typeof ref.uri !== "string") throw invalidParams('A "ref/resource" ref needs a string "uri"');
      const template = await this.components.template(ref.uri);
      if (!template) {
        if (await this.components.resource(ref.uri)) return { completion: { values: [], total: 0, hasMore: false } };
        throw invalidParams(`Unknown resource template: ${ref.uri}`, { uri: ref.uri });
      }
      checkAccess(template.access, ctx.auth, `resource template "${ref.uri}"`);
      return (await complete(own(template.complete, argument.name), undefined, argument.value, context)) as unknown as OperationResult;
    }
    throw invalidParams(`Unknown completion ref type: ${JSON.stringify(ref.type) ?? "none"}; expected "ref/prompt" or "ref/resource"`);
  }
}

function stringParam(ctx: Context<never>, key: string): string {
  const value = ctx.params[key];
  if (typeof value !== "string") throw invalidParams(`Missing or invalid "${key}": expected a string`);
  return value;
}
