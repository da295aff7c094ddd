/**
 * What `mcp.run()` and `mcp.connect()` load: picks a transport from options, the command
 * line and the environment, and serves. Loaded lazily so a definition never pulls in
 * transport code it does not use.
 */
import type { MessageTransport } from "./protocol/transport.ts";
import type { McpServer, RunOptions } from "./server/mcp-server.ts";
import { connect as connectStream, type StreamConnection } from "./wire/connection.ts";

export type { RunOptions };

const TRANSPORTS = ["stdio", "http", "sse"] as const;
type TransportName = (typeof TRANSPORTS)[number];

export interface ResolvedRunOptions {
  transport: TransportName;
  host: string;
  port: number;
  path: string;
}

/** Options win over `--flags`, flags over `MCP_*` environment variables, those over defaults. */
export function resolveRunOptions(options: RunOptions, argv = process.argv.slice(2), env = process.env): ResolvedRunOptions {
  const flags = options.fromCommandLine === false ? {} : parseFlags(argv);
  const fromEnv = options.fromCommandLine === false ? {} : { transport: env.MCP_TRANSPORT, host: env.MCP_HOST, port: env.MCP_PORT ?? env.PORT, path: env.MCP_PATH };
  const transport = (options.transport ?? flags.transport ?? fromEnv.transport ?? "stdio").toLowerCase();
  if (!(TRANSPORTS as readonly string[]).includes(transport)) {
    throw new Error(`Unknown transport "${transport}": expected one of ${TRANSPORTS.join(", ")}`);
  }
  const portText = options.port ?? flags.port ?? fromEnv.port ?? 8000;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port "${portText}": expected a whole number from 0 to 65535`);
  return {
    transport: transport as TransportName,
    host: options.host ?? flags.host ?? fromEnv.host ?? "127.0.0.1",
    port,
    path: options.path ?? flags.path ?? fromEnv.path ?? (transport === "sse" ? "/sse" : "/mcp"),
  };
}

function parseFlags(argv: string[]): Partial<Record<"transport" | "host" | "port" | "path", string>> {
  const out: Partial<Record<"transport" | "host" | "port" | "path", string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(transport|host|port|path)(?:=(.*))?$/.exec(argv[i]);
    if (!match) continue;
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    out[match[1] as keyof typeof out] = value;
  }
  return out;
}

export async function run(server: McpServer<unknown>, options: RunOptions = {}): Promise<void> {
  const resolved = resolveRunOptions(options);
  if (resolved.transport !== "stdio") {
    throw new Error(`The ${resolved.transport} transport is not available in this build of mcpkit yet; use --transport stdio`);
  }
  const { StdioServerTransport } = await import("./transports/stdio.ts");
  const connection = await connectStream(server, new StdioServerTransport());
  let exitCode = 0;
  const stop = (code: number) => { exitCode = code; void connection.close(); };
  process.once("SIGINT", () => stop(130));
  process.once("SIGTERM", () => stop(143));
  await connection.done;
  await server.close();
  process.exitCode = exitCode;
  // Exit even if user code left timers or sockets open: the client is gone.
  setTimeout(() => process.exit(exitCode), 50).unref();
}

export function connect(server: McpServer<unknown>, transport: MessageTransport): Promise<StreamConnection> {
  return connectStream(server, transport);
}
