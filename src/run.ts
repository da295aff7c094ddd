/**
 * What `mcp.run()` and `mcp.connect()` load: picks a transport from options, the command
 * line and the environment, and serves. Loaded lazily so a definition never pulls in
 * transport code it does not use.
 */
import type { MessageTransport } from "./protocol/transport.ts";
import type { McpServer, RunOptions } from "./server/mcp-server.ts";
import type { AuthInfo } from "./server/context.ts";
import { LEGACY_VERSIONS, MODERN_VERSION } from "./protocol/versions.ts";
import { connect as connectStream, type StreamConnection } from "./wire/connection.ts";

export type { RunOptions };

const TRANSPORTS = ["stdio", "http", "sse"] as const;
type TransportName = (typeof TRANSPORTS)[number];

export interface ResolvedRunOptions {
  transport: TransportName;
  host: string;
  port: number;
  path: string;
  /** Shared state for several instances, over HTTP. */
  redis: string | undefined;
  /** Host header values to accept (behind a proxy or balancer), over HTTP. */
  allowedHosts: string[] | undefined;
}

/** Options win over `--flags`, flags over `MCP_*` environment variables, those over defaults. */
export function resolveRunOptions(options: RunOptions, argv = process.argv.slice(2), env = process.env): ResolvedRunOptions {
  const flags = options.fromCommandLine === false ? {} : parseFlags(argv);
  const fromEnv =
    options.fromCommandLine === false
      ? {}
      : {
          transport: env.MCP_TRANSPORT,
          host: env.MCP_HOST,
          port: env.MCP_PORT ?? env.PORT,
          path: env.MCP_PATH,
          redis: env.MCP_REDIS_URL,
          allowedHosts: env.MCP_ALLOWED_HOSTS,
        };
  const transport = (options.transport ?? flags.transport ?? fromEnv.transport ?? "stdio").toLowerCase();
  if (!(TRANSPORTS as readonly string[]).includes(transport)) {
    throw new Error(`Unknown transport "${transport}": expected one of ${TRANSPORTS.join(", ")}`);
  }
  const portText = options.port ?? flags.port ?? fromEnv.port ?? 8000;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid port "${portText}": expected a whole number from 0 to 65535`);
  return {
    transport: transport as TransportName,
    host: options.host ?? flags.host ?? fromEnv.host ?? "127.0.0.1",
    port,
    // The Streamable HTTP endpoint; `sse` adds the 2024-11-05 endpoints /sse and /messages beside it.
    path: options.path ?? flags.path ?? fromEnv.path ?? "/mcp",
    redis: options.redis ?? flags.redis ?? (fromEnv.redis || undefined),
    allowedHosts: hostList(flags["allowed-hosts"] ?? fromEnv.allowedHosts),
  };
}

type Flag = "transport" | "host" | "port" | "path" | "redis" | "allowed-hosts";

/** "a.example.com, 127.0.0.1:8080" into its names; undefined when empty. */
function hostList(text: string | undefined): string[] | undefined {
  const hosts = text
    ?.split(",")
    .map((host) => host.trim())
    .filter(Boolean);
  return hosts?.length ? hosts : undefined;
}

function parseFlags(argv: string[]): Partial<Record<Flag, string>> {
  const out: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(transport|host|port|path|redis|allowed-hosts)(?:=(.*))?$/.exec(argv[i]);
    if (!match) continue;
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    out[match[1] as keyof typeof out] = value;
  }
  return out;
}

/** HTTP transport options `mcp.run()` passes through (security, sessions, CORS, auth). */
export type HttpRunOptions = NonNullable<RunOptions["http"]>;

/**
 * `mcpkit run` imports a user's module and must know whether it started its own server, so
 * as not to start a second one: it sets this hook (on globalThis, so any copy of mcpkit sees it).
 */
export const RUN_HOOK = Symbol.for("mcpkit.run");

export async function run(server: McpServer<unknown>, options: RunOptions = {}): Promise<void> {
  const hook = (globalThis as Record<symbol, unknown>)[RUN_HOOK];
  if (typeof hook === "function") hook(server);
  const resolved = resolveRunOptions(options);
  if (resolved.transport !== "stdio") return runHttp(server, resolved, options);
  const { StdioServerTransport } = await import("./transports/stdio.ts");
  const connection = await connectStream(server, new StdioServerTransport(), { drainTimeoutMs: options.drainTimeoutMs });
  options.onReady?.({ transport: "stdio" });
  let exitCode = 0;
  // As over HTTP: requests in flight finish (up to drainTimeoutMs) and are answered first.
  const stop = (code: number) => {
    exitCode = code;
    void connection.drain();
  };
  process.once("SIGINT", () => stop(130));
  process.once("SIGTERM", () => stop(143));
  await connection.done;
  await server.close();
  process.exitCode = exitCode;
  // Exit even if user code left timers or sockets open: the client is gone.
  setTimeout(() => process.exit(exitCode), 50).unref();
}

/** Serves over HTTP until SIGINT/SIGTERM, which drain requests in flight before exiting. */
async function runHttp(server: McpServer<unknown>, resolved: ResolvedRunOptions, options: RunOptions): Promise<void> {
  let http = options.http ?? {};
  // Flags and MCP_ALLOWED_HOSTS add to what the code lists.
  if (resolved.allowedHosts) http = { ...http, allowedHosts: [...(http.allowedHosts ?? []), ...resolved.allowedHosts] };
  const { serveHttp } = await import("./transports/http/node.ts");
  const shared = resolved.redis
    ? await shareThroughRedis(server, resolved.redis, http)
    : process.env.MCPKIT_WORKER
      ? await shareThroughPrimary(server, http)
      : undefined;
  if (shared) http = shared.http;
  const sse = resolved.transport === "sse";
  let handle: Awaited<ReturnType<typeof serveHttp>>;
  try {
    handle = await serveHttp(server, {
      ...http,
      host: resolved.host,
      port: resolved.port,
      path: resolved.path,
      legacySse: sse,
      drainTimeoutMs: http.drainTimeoutMs ?? options.drainTimeoutMs,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    const where = `${resolved.host}:${resolved.port}`;
    const reason =
      code === "EADDRINUSE"
        ? `port ${resolved.port} on ${resolved.host} is already in use; pick another with --port`
        : code === "EACCES"
          ? `no permission to listen on ${where}`
          : code === "EADDRNOTAVAIL"
            ? `cannot bind ${resolved.host}: no such local address`
            : `cannot listen on ${where}: ${(error as Error)?.message ?? error}`;
    process.stderr.write(`mcpkit: ${reason}\n`);
    process.exit(1);
  }
  const eras = http.legacy === false ? MODERN_VERSION : `${MODERN_VERSION} + ${LEGACY_VERSIONS[0]}`;
  const kind = sse ? `Streamable HTTP, ${eras}; HTTP+SSE (2024-11-05) at ${new URL(handle.url).origin}/sse` : `Streamable HTTP, ${eras}`;
  process.stderr.write(`mcpkit: serving ${server.info.name} on ${handle.url} (${kind})\n`);
  options.onReady?.({ transport: resolved.transport, url: handle.url });
  await new Promise<void>((resolve) => {
    const stop = (code: number) => {
      process.exitCode = code;
      resolve();
    };
    process.once("SIGINT", () => stop(130));
    process.once("SIGTERM", () => stop(143));
  });
  await handle.close();
  await server.close();
  await shared?.close();
  const exitCode = Number(process.exitCode ?? 0);
  setTimeout(() => process.exit(exitCode), 50).unref();
}

/**
 * `--redis`: sessions, the event log and the bus go to Redis (mcpkit/redis, which needs the
 * `redis` package), so that several instances serve one endpoint. What the options already
 * name (a store, an event log) is kept.
 */
async function shareThroughRedis(server: McpServer<unknown>, url: string, http: HttpRunOptions) {
  let redis: typeof import("./redis/index.ts");
  try {
    redis = await import("./redis/index.ts");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException)?.code === "ERR_MODULE_NOT_FOUND";
    process.stderr.write(
      missing
        ? "mcpkit: --redis needs the redis package; install it with npm install redis\n"
        : `mcpkit: cannot load mcpkit/redis: ${(error as Error)?.message ?? error}\n`,
    );
    process.exit(1);
  }
  const resumability = http.resumability === false ? undefined : http.resumability;
  let state: Awaited<ReturnType<typeof redis.connectRedis>>;
  try {
    state = await redis.connectRedis({
      url,
      eventTtlMs: http.sessions?.idleTimeoutMs,
      maxEventsPerStream: resumability?.maxEventsPerStream,
    });
  } catch (error) {
    process.stderr.write(`mcpkit: ${(error as Error)?.message ?? error}\n`);
    process.exit(1);
  }
  server.bus.plug(state.bus);
  // Every instance must accept the requestState another signed (modern input_required rounds).
  if (server.requestStateOptions.secret === undefined) server.requestStateOptions.secret = await state.sharedSecret("request-state");
  const shared: HttpRunOptions = {
    ...http,
    sessions: { ...http.sessions, store: http.sessions?.store ?? state.store },
    resumability: http.resumability === false ? false : { ...resumability, eventLog: resumability?.eventLog ?? state.eventLog },
  };
  return { http: shared, close: () => state.close() };
}

/** A worker of `mcpkit run --workers` without Redis: sessions and the bus are held by the primary. */
async function shareThroughPrimary(server: McpServer<unknown>, http: HttpRunOptions) {
  const { workerState } = await import("./cluster/worker-state.ts");
  const state = workerState();
  server.bus.plug(state.bus);
  if (server.requestStateOptions.secret === undefined) server.requestStateOptions.secret = process.env.MCPKIT_WORKER_STATE_SECRET;
  const shared: HttpRunOptions = { ...http, sessions: { ...http.sessions, store: http.sessions?.store ?? state.store } };
  return { http: shared, close: async () => {} };
}

export function connect(
  server: McpServer<unknown>,
  transport: MessageTransport,
  options: { auth?: AuthInfo } = {},
): Promise<StreamConnection> {
  return connectStream(server, transport, options);
}
