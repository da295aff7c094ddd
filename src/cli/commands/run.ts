/** `mcpkit run <file>`: serve a server file (TypeScript included) over stdio, HTTP or SSE. */
import { availableParallelism } from "node:os";
import { parse } from "../args.ts";
import { CliError, type CliCommand, type CliIo } from "../command.ts";
import { loadServer, resolveServerFile, stdoutToStderr } from "../load-server.ts";
import { MASKED_ERROR_HOOK } from "../../server/masked-errors.ts";

export const TRANSPORTS = ["stdio", "http", "sse"] as const;

export const runCommand: CliCommand = {
  name: "run",
  summary: "Run a server file (.ts or .js) over stdio, HTTP or SSE",
  help: `Usage: mcpkit run <file> [options] [-- server args...]

Runs a server module directly, TypeScript included (needs the tsx package: npm install -D tsx).
The module exports its McpServer (export default mcp, or any named export), or calls
mcp.run() itself; either way it is started once. Arguments after -- reach the server in
process.argv.

Options:
  --transport <name>    stdio (default), http (Streamable HTTP, both eras) or sse (also HTTP+SSE 2024-11-05)
  --host <host>         interface to listen on for http/sse (default 127.0.0.1)
  --port <port>         port for http/sse (default 8000; 0 picks a free one)
  --path <path>         the MCP endpoint's path (default /mcp)
  --allowed-hosts <h>   the Host headers to accept, comma-separated (behind a proxy: the name
                        clients use, e.g. mcp.example.com); or MCP_ALLOWED_HOSTS
  --workers <n|auto>    serve one port from n processes (auto: one per core; default 1);
                        they share sessions through the first process, or through --redis
  --redis <url>         share sessions, resumable streams and notifications with other
                        instances through Redis (needs the redis package; or MCP_REDIS_URL)
  --verbose             show full error stacks, the server's stderr and masked tool errors
  -h, --help            show this help

Examples:
  mcpkit run server.ts
  mcpkit run server.ts --transport http --port 3000
  mcpkit run server.ts --transport http --redis redis://127.0.0.1:6379`,

  async run(argv, io) {
    const { values, positionals, rest } = parse("run", argv, {
      transport: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      path: { type: "string" },
      redis: { type: "string" },
      "allowed-hosts": { type: "string" },
      workers: { type: "string" },
    });
    if (positionals.length === 0) throw new CliError("run: which server file? e.g. mcpkit run server.ts");
    if (positionals.length > 1) throw new CliError(`run: unexpected argument "${positionals[1]}" (server arguments go after --)`);
    const transport = values.transport?.toLowerCase();
    if (transport !== undefined && !(TRANSPORTS as readonly string[]).includes(transport)) {
      throw new CliError(`--transport must be one of ${TRANSPORTS.join(", ")}, not "${values.transport}"`);
    }
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
      throw new CliError(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
    const workers = parseWorkers(values.workers);
    if (workers > 1) {
      if ((transport ?? io.env.MCP_TRANSPORT ?? "stdio") === "stdio")
        throw new CliError("--workers needs --transport http (or sse): stdio has one client");
      const { runPrimary } = await import("../../cluster/primary.ts");
      return runPrimary({ workers, args: ["run", ...withoutWorkers(argv)], log: (line) => io.stderr.write(`${line}\n`) });
    }
    const path = resolveServerFile(positionals[0], io.cwd);
    // The module sees itself as the program being run, with the serving flags, as under `node file`.
    const flags = Object.entries({
      transport,
      host: values.host,
      port: values.port,
      path: values.path,
      redis: values.redis,
      "allowed-hosts": values["allowed-hosts"],
    }).flatMap(([key, value]) => (value === undefined ? [] : [`--${key}`, value]));
    process.argv = [process.argv[0], path, ...flags, ...(rest ?? [])];
    if (io.verbose) showMaskedErrors(io);
    // Over stdio, stdout is the protocol: output at module load goes to stderr instead.
    const stdio = (transport ?? io.env.MCP_TRANSPORT?.toLowerCase() ?? "stdio") === "stdio";
    const restoreStdout = stdio ? stdoutToStderr() : () => {};
    let loaded;
    try {
      loaded = await loadServer(path, positionals[0], restoreStdout);
    } finally {
      restoreStdout();
    }
    if (loaded.kind === "self-started") {
      await loaded.done;
      return;
    }
    const options: Record<string, unknown> = {};
    if (transport) options.transport = transport;
    if (values.host) options.host = values.host;
    if (port !== undefined) options.port = port;
    if (values.path) options.path = values.path;
    if (values.redis) options.redis = values.redis;
    await loaded.server.run(options);
  },
};

/** --verbose: what a client saw masked ("Error calling tool ..."), printed in full on stderr. */
function showMaskedErrors(io: CliIo): void {
  (globalThis as Record<symbol, unknown>)[MASKED_ERROR_HOOK] = (kind: string, name: string, error: unknown) => {
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    io.stderr.write(`mcpkit: the ${kind} "${name}" failed (clients see a masked message): ${detail}\n`);
  };
}

/** `--workers`: a count, or "auto" for one per core; 1 when not given. */
function parseWorkers(value: string | undefined): number {
  if (value === undefined) return 1;
  if (value.toLowerCase() === "auto") return Math.max(1, availableParallelism());
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 1024)
    throw new CliError(`--workers must be a whole number from 1 to 1024 or auto, not "${value}"`);
  return count;
}

/** The run command's arguments as a worker gets them: the same, without --workers. */
function withoutWorkers(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (argv[i] === "--workers") i++;
    else if (!argv[i].startsWith("--workers=")) out.push(argv[i]);
  }
  return out;
}
