/**
 * McpServer: where a user defines tools, resources, prompts and middleware. It holds the
 * shared registry and engine; it never imports a transport (run/connect load them lazily).
 */
import type { CacheHint, CacheScope, Icon, Implementation, ServerCapabilities } from "../protocol/types.ts";
import type { InputSpec } from "../schema/input-schema.ts";
import type { ServeHttpOptions } from "../transports/http/options.ts";
import { MemoryBus, type Bus } from "../state/bus.ts";
import { BusPort } from "../state/bus-port.ts";
import type { ComponentHandle } from "./component-list.ts";
import type { AuthInfo } from "./context.ts";
import { Engine } from "./engine.ts";
import type { MethodDefinition } from "./methods.ts";
import { PROTOCOL_METHODS } from "../protocol/method-names.ts";
import { startLifespan, type Lifespan, type RunningLifespan } from "./lifespan.ts";
import { MiddlewareStack, type Middleware } from "./middleware.ts";
import { createPromptEntry, type PromptArgs, type PromptHandler, type PromptOptions } from "./prompts.ts";
import { Components, type ComponentProvider, type ListKind } from "./providers.ts";
import { Registry } from "./registry.ts";
import { createStaticResource, createTemplate, type ResourceHandler, type ResourceOptions, type TemplateVariables } from "./resources.ts";
import { checkOptions } from "./options-check.ts";
import { createToolEntry, type ToolHandler, type ToolOptions } from "./tools.ts";
import { UriTemplate } from "./uri-template.ts";
import type { MessageTransport } from "../protocol/transport.ts";

export interface McpServerOptions<State> {
  name: string;
  version: string;
  title?: string;
  description?: string;
  websiteUrl?: string;
  icons?: Icon[];
  /** Told to the client at discovery/initialize: how to use this server. */
  instructions?: string;
  /** Setup run once before serving; its state reaches every handler as `ctx.state`. */
  lifespan?: Lifespan<State>;
  /** Hide the messages of unexpected tool errors (a `ToolError`'s message is always shown). */
  maskErrorDetails?: boolean;
  /** Page size for list methods; unset returns everything in one page. */
  pageSize?: number;
  /**
   * List tools, resources and prompts whose `scopes` or `allow` the caller does not meet
   * (default false: they are hidden; using them is refused either way).
   */
  listUnauthorized?: boolean;
  /** Default modern-era cache hint for discover, list and read results. */
  cache?: { ttlMs?: number; cacheScope?: CacheScope };
  /** Signs modern `requestState`; set the same secret on every instance of a scaled-out server. */
  requestState?: { secret?: string | Uint8Array; ttlMs?: number };
  /** Legacy era: how long a request to the client (elicitation, sampling, roots) may take. */
  clientRequestTimeoutMs?: number;
  /** Default execution timeout of every tool (ms; a tool's own `timeoutMs` wins); unset or 0: none. */
  toolTimeoutMs?: number;
  /** Capabilities to advertise beyond those derived from what is registered. */
  capabilities?: ServerCapabilities;
  /** Fan-out for list changes and resource updates; in-memory unless given. */
  bus?: Bus;
}

/** Where `mcp.run()` serves; the command line (`--transport`, `--host`, `--port`) and environment fill in what is not given. */
export interface RunOptions {
  transport?: "stdio" | "http" | "sse";
  host?: string;
  port?: number;
  /** URL path of the MCP endpoint over HTTP. */
  path?: string;
  /**
   * Share legacy sessions, the resumability event log and the bus through Redis
   * (`redis://host:6379`; needs the `redis` package), so that several instances serve one
   * endpoint behind a balancer. Also `--redis` and `MCP_REDIS_URL`. See docs/scaling.md.
   */
  redis?: string;
  /** Read `process.argv` and `MCP_*` environment variables (default true). */
  fromCommandLine?: boolean;
  /**
   * Streamable HTTP settings: allowed hosts and origins behind a proxy, body cap, sessions,
   * CORS, authentication (see docs/transports.md). Type-only, so no transport code is loaded here.
   */
  http?: Omit<ServeHttpOptions, "host" | "port" | "path" | "legacySse">;
  /**
   * How long SIGINT/SIGTERM (and, over stdio, stdin closing) wait for requests in flight to
   * answer before cancelling them (default 10 s); `http.drainTimeoutMs` wins over HTTP.
   */
  drainTimeoutMs?: number;
  /** Called once the server is serving: with the endpoint's URL over HTTP (to print how to connect). */
  onReady?: (where: { transport: "stdio" | "http" | "sse"; url?: string }) => void;
}

export interface ServerSettings {
  readonly maskErrorDetails: boolean;
  readonly cache: CacheHint;
  readonly clientRequestTimeoutMs: number;
  readonly toolTimeoutMs: number;
}

/** Anything a server must close when it closes (connections, listeners). */
export interface Closable {
  close(): Promise<void> | void;
}

export class McpServer<State = undefined> {
  readonly info: Implementation;
  readonly instructions: string | undefined;
  readonly settings: ServerSettings;
  /** @internal what `mcp.tool()` and friends register: the first provider of `components` */
  readonly registry: Registry;
  /** @internal every provider of components, as the engine and the transports ask them */
  readonly components: Components;
  /** @internal */
  readonly engine: Engine;
  /** @internal the bus everything publishes on; `shareState` plugs a shared one in */
  readonly bus: BusPort;
  /** @internal read by the modern codec, which signs `requestState` */
  readonly requestStateOptions: { secret?: string | Uint8Array; ttlMs?: number };
  private readonly middleware = new MiddlewareStack();
  private readonly lifespan: Lifespan<State> | undefined;
  private readonly extraCapabilities: ServerCapabilities;
  private running: Promise<RunningLifespan<State>> | undefined;
  private lifespanState: State | undefined;
  private readonly open = new Set<Closable>();
  private capabilityCache: { revision: number; capabilities: ServerCapabilities } | undefined;

  constructor(options: McpServerOptions<State>) {
    if (!options?.name || !options.version) throw new Error("McpServer needs a name and a version");
    const info: Implementation = { name: options.name, version: options.version };
    if (options.title) info.title = options.title;
    if (options.description) info.description = options.description;
    if (options.websiteUrl) info.websiteUrl = options.websiteUrl;
    if (options.icons) info.icons = options.icons;
    this.info = info;
    this.instructions = options.instructions;
    this.lifespan = options.lifespan;
    this.extraCapabilities = options.capabilities ?? {};
    this.settings = {
      maskErrorDetails: options.maskErrorDetails ?? false,
      cache: { ttlMs: options.cache?.ttlMs ?? 0, cacheScope: options.cache?.cacheScope ?? "private" },
      clientRequestTimeoutMs: options.clientRequestTimeoutMs ?? 300_000,
      toolTimeoutMs: options.toolTimeoutMs ?? 0,
    };
    this.bus = new BusPort(options.bus ?? new MemoryBus());
    this.registry = new Registry();
    this.components = new Components(this.bus, this.registry);
    this.engine = new Engine(
      this.components,
      { maskErrorDetails: this.settings.maskErrorDetails, pageSize: options.pageSize, listUnauthorized: options.listUnauthorized ?? false },
      this.middleware,
    );
    this.requestStateOptions = options.requestState ?? {};
  }

  /** Registers a tool. `input` types the handler's arguments. */
  tool(name: string, handler: ToolHandler<undefined, State>): ComponentHandle;
  tool<I extends InputSpec | undefined = undefined, O extends InputSpec | undefined = undefined>(
    name: string,
    options: ToolOptions<I, O>,
    handler: ToolHandler<I, State>,
  ): ComponentHandle;
  tool(
    name: string,
    optionsOrHandler: ToolOptions<InputSpec | undefined, InputSpec | undefined> | ToolHandler<undefined, State>,
    maybeHandler?: unknown,
  ): ComponentHandle {
    const [options, handler] = split(optionsOrHandler, maybeHandler, `tool "${name}"`);
    checkOptions("tool", name, options);
    return this.registry.tools.add(
      createToolEntry(
        name,
        options as ToolOptions<InputSpec | undefined, InputSpec | undefined>,
        handler as never,
        this.settings.toolTimeoutMs,
      ),
    );
  }

  /** Registers a resource; a URI with `{variables}` is an RFC 6570 template. */
  resource<T extends string>(uri: T, handler: ResourceHandler<T, State>): ComponentHandle;
  resource<T extends string>(uri: T, options: ResourceOptions<TemplateVariables<T>>, handler: ResourceHandler<T, State>): ComponentHandle;
  resource(uri: string, optionsOrHandler: ResourceOptions | ResourceHandler<string, State>, maybeHandler?: unknown): ComponentHandle {
    const [options, handler] = split(optionsOrHandler, maybeHandler, `resource "${uri}"`);
    checkOptions("resource", uri, options);
    return UriTemplate.isTemplate(uri)
      ? this.registry.templates.add(createTemplate(uri, options as ResourceOptions, handler as never))
      : this.registry.resources.add(createStaticResource(uri, options as ResourceOptions, handler as never));
  }

  /** Registers a prompt: a string or messages, from arguments. */
  prompt(name: string, handler: PromptHandler<undefined, State>): ComponentHandle;
  prompt<const A extends PromptArgs | undefined = undefined>(
    name: string,
    options: PromptOptions<A>,
    handler: PromptHandler<A, State>,
  ): ComponentHandle;
  prompt(
    name: string,
    optionsOrHandler: PromptOptions<PromptArgs | undefined> | PromptHandler<undefined, State>,
    maybeHandler?: unknown,
  ): ComponentHandle {
    const [options, handler] = split(optionsOrHandler, maybeHandler, `prompt "${name}"`);
    checkOptions("prompt", name, options);
    return this.registry.prompts.add(createPromptEntry(name, options as PromptOptions<PromptArgs | undefined>, handler as never));
  }

  /** Adds middleware around every operation, or around one method (`"tools/call"`). */
  use(middleware: Middleware<State>): this;
  use(method: string, middleware: Middleware<State>): this;
  use(methodOrMiddleware: string | Middleware<State>, maybeMiddleware?: Middleware<State>): this {
    if (typeof methodOrMiddleware === "function") this.middleware.add(undefined, methodOrMiddleware as Middleware<never>);
    else if (maybeMiddleware) this.middleware.add(methodOrMiddleware, maybeMiddleware as Middleware<never>);
    else throw new TypeError("use(method, middleware): the middleware function is missing");
    return this;
  }

  /**
   * Adds a method of your own (an extension's) to the one table both eras dispatch from:
   * it gets the same context, middleware and error handling as the built-in methods.
   */
  method(definition: MethodDefinition): this {
    if (PROTOCOL_METHODS.has(definition.name)) {
      throw new Error(`method("${definition.name}"): the protocol defines that method; use middleware to change how it answers`);
    }
    this.engine.methods.define(definition);
    return this;
  }

  /** Tells listening clients that a list changed without a registration (e.g. tools that depend on external state). */
  notifyListChanged(kind: ListKind): void {
    this.bus.publish("list-changed", { kind });
  }

  /**
   * @internal the seam that mount, proxy and OpenAPI plug into (public once they land).
   * Adds a source of components after this server's own: its names lose to those registered
   * before it; clients hear list_changed for what it adds. Returns the function that takes it out.
   */
  addProvider(provider: ComponentProvider): () => void {
    this.components.add(provider);
    return () => this.components.remove(provider);
  }

  /** Tells subscribed clients that a resource changed. */
  notifyResourceUpdated(uri: string): void {
    this.bus.publish("resource-updated", { uri });
  }

  /** What this server advertises: derived from what is registered, plus the `capabilities` option. */
  capabilities(): ServerCapabilities {
    // Asked on every modern request: rebuilt only when the registry changed.
    const cached = this.capabilityCache;
    if (cached && cached.revision === this.components.revision) return cached.capabilities;
    const capabilities = this.deriveCapabilities();
    this.capabilityCache = { revision: this.components.revision, capabilities };
    return capabilities;
  }

  private deriveCapabilities(): ServerCapabilities {
    const c = this.components;
    const caps: ServerCapabilities = { logging: {} };
    if (c.offers("tools")) caps.tools = { listChanged: true };
    if (c.offers("resources")) caps.resources = { subscribe: true, listChanged: true };
    if (c.offers("prompts")) caps.prompts = { listChanged: true };
    if (c.offers("completions")) caps.completions = {};
    return { ...caps, ...this.extraCapabilities };
  }

  /** The lifespan's state; available once the server has started. */
  get state(): State {
    return this.lifespanState as State;
  }

  /** Runs the lifespan once; transports call this before serving. */
  async start(): Promise<void> {
    this.running ??= startLifespan(this.lifespan);
    this.lifespanState = (await this.running).state;
  }

  /**
   * Serves one connection over a message transport (stdio, in-memory, ...). `auth` is who is
   * on the other end when you know it (the process's own credentials over stdio): it becomes
   * `ctx.auth` for every request, and what `scopes` check.
   */
  async connect(transport: MessageTransport, options: { auth?: AuthInfo } = {}): Promise<Closable> {
    await this.start();
    const { connect } = await import("../run.ts");
    return connect(this as McpServer<unknown>, transport, options);
  }

  /** Starts serving: stdio by default, or what `--transport`/`MCP_TRANSPORT` and `options` say. */
  async run(options: RunOptions = {}): Promise<void> {
    const { run } = await import("../run.ts");
    await run(this as McpServer<unknown>, options);
  }

  /** @internal connections register here so close() can end them. */
  track(closable: Closable): () => void {
    this.open.add(closable);
    return () => this.open.delete(closable);
  }

  /** Ends every connection and tears the lifespan down. */
  async close(): Promise<void> {
    const open = [...this.open];
    this.open.clear();
    await Promise.allSettled(open.map((c) => c.close()));
    const running = this.running;
    this.running = undefined;
    if (running) await (await running).stop();
  }
}

function split<O extends object>(
  optionsOrHandler: O | ((...args: never[]) => unknown),
  maybeHandler: unknown,
  what: string,
): [O, (...args: never[]) => unknown] {
  if (typeof optionsOrHandler === "function") return [{} as O, optionsOrHandler];
  if (typeof maybeHandler !== "function") throw new TypeError(`The ${what} needs a handler function`);
  return [optionsOrHandler ?? ({} as O), maybeHandler as (...args: never[]) => unknown];
}
