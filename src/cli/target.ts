/**
 * What list/call/read/prompt talk to: a server file (run by `mcpkit run` in a child process
 * over stdio), any command given after `--` (stdio), or an http(s) URL (Streamable HTTP).
 */
import { fileURLToPath } from "node:url";
import { Client } from "../client/client.ts";
import { HttpClientTransport } from "../client/http-transport.ts";
import { StdioClientTransport } from "../client/stdio-transport.ts";
import type { MessageTransport } from "../protocol/transport.ts";
import type { CliIo } from "./command.ts";
import { CliError } from "./command.ts";
import type { Era } from "./args.ts";
import { oneLine, resolveServerFile } from "./load-server.ts";
import { cliAuthorizer, type LoginOptions } from "./login.ts";

export type Target =
  { kind: "file"; path: string; display: string } | { kind: "command"; command: string; args: string[] } | { kind: "url"; url: URL };

/**
 * Takes the target off the front of `positionals`, or from what followed `--`. Returns the
 * target and the positionals left over.
 */
export function parseTarget(
  command: string,
  positionals: string[],
  rest: string[] | undefined,
  io: CliIo,
): { target: Target; positionals: string[] } {
  if (rest !== undefined) {
    if (rest.length === 0) throw new CliError(`${command}: nothing after "--"; give the server command, e.g. -- node server.js`);
    return { target: { kind: "command", command: rest[0], args: rest.slice(1) }, positionals };
  }
  const [first, ...others] = positionals;
  if (!first) throw new CliError(`${command}: give a server file, a URL, or -- followed by a command (see mcpkit ${command} --help)`);
  if (/^https?:\/\//i.test(first)) {
    let url: URL;
    try {
      url = new URL(first);
    } catch {
      throw new CliError(`not a valid URL: ${first}`);
    }
    return { target: { kind: "url", url }, positionals: others };
  }
  return { target: { kind: "file", path: resolveServerFile(first, io.cwd), display: first }, positionals: others };
}

/** How to start `mcpkit` itself in a child process (the built CLI, or its source under tsx). */
export function selfCommand(): { command: string; args: string[] } {
  const source = import.meta.url.endsWith(".ts");
  const main = fileURLToPath(new URL(source ? "./main.ts" : "./main.js", import.meta.url));
  // From source (this repository), the child resolves `mcpkit` to src/ as its parent does.
  return {
    command: process.execPath,
    args: source ? ["--conditions=mcpkit-source", "--import", import.meta.resolve("tsx"), main] : [main],
  };
}

export interface Connected {
  client: Client;
  close(): Promise<void>;
}

export interface ConnectOptions {
  era: Era;
  headers: Record<string, string>;
  /** How to sign in to a URL target that asks for it; a given Authorization header wins. */
  login?: LoginOptions;
}

/** Connects a Client to the target; failures become one line, with the server's own last words when it died. */
export async function connectTarget(target: Target, options: ConnectOptions, io: CliIo): Promise<Connected> {
  const client = new Client({ name: "mcpkit-cli", version: "1" }, { era: options.era });
  let transport: MessageTransport;
  let stdio: CapturingStdioTransport | undefined;
  if (target.kind === "url") {
    const ownToken = Object.keys(options.headers).some((name) => name.toLowerCase() === "authorization");
    const auth = ownToken ? undefined : cliAuthorizer(io, options.login ?? { browser: true });
    transport = new HttpClientTransport(target.url, { headers: options.headers, auth });
  } else {
    const spawnWith =
      target.kind === "file"
        ? (() => {
            const self = selfCommand();
            return { command: self.command, args: [...self.args, "run", target.display, ...(io.verbose ? ["--verbose"] : [])] };
          })()
        : { command: target.command, args: target.args };
    stdio = new CapturingStdioTransport({ ...spawnWith, cwd: io.cwd, env: { ...io.env }, stderr: "pipe", closeGraceMs: 1000 }, io);
    transport = stdio;
  }
  try {
    await client.connect(transport);
  } catch (error) {
    await transport.close().catch(() => {});
    throw connectionError(target, error, stdio);
  }
  return {
    client,
    close: async () => {
      await client.close().catch(() => {});
    },
  };
}

/** Connects, hands the client to `use`, and always closes (ending a spawned server). */
export async function withClient<T>(target: Target, options: ConnectOptions, io: CliIo, use: (client: Client) => Promise<T>): Promise<T> {
  const connected = await connectTarget(target, options, io);
  try {
    return await use(connected.client);
  } finally {
    await connected.close();
  }
}

function connectionError(target: Target, error: unknown, stdio: CapturingStdioTransport | undefined): CliError {
  const said = stdio?.lastWords();
  if (said) return Object.assign(new CliError(said), { cause: error });
  const code = (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: unknown })?.code;
  if (target.kind === "url") {
    const message = oneLine(error);
    const reason =
      code === "ECONNREFUSED"
        ? `cannot reach ${target.url.href}: connection refused`
        : message.includes(target.url.href)
          ? message
          : `cannot reach ${target.url.href}: ${message}`;
    return Object.assign(new CliError(reason), { cause: error });
  }
  const what = target.kind === "file" ? target.display : [target.command, ...target.args].join(" ");
  return Object.assign(new CliError(`cannot connect to ${what}: ${oneLine(error)}`), { cause: error });
}

/** A stdio transport that keeps the server's stderr (shown live with --verbose) to explain a failure. */
class CapturingStdioTransport extends StdioClientTransport {
  private captured = "";

  constructor(
    options: ConstructorParameters<typeof StdioClientTransport>[0],
    private readonly io: CliIo,
  ) {
    super(options);
  }

  override async start(handlers: Parameters<StdioClientTransport["start"]>[0]): Promise<void> {
    await super.start(handlers);
    this.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      if (this.io.verbose) this.io.stderr.write(text);
      this.captured = (this.captured + text).slice(-8192);
    });
  }

  /** The server's last stderr line (its own `mcpkit: ` prefix dropped), if it said anything. */
  lastWords(): string | undefined {
    const lines = this.captured
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const mine = lines.filter((l) => l.startsWith("mcpkit: ")).pop();
    if (mine) return mine.slice("mcpkit: ".length);
    const last = lines.pop();
    return last ? `the server exited: ${last}` : undefined;
  }
}
