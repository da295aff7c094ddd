/**
 * `mcpkit dev <file>`: serves the file over HTTP in a child process and restarts it when a
 * file in its directory changes; `--inspector` opens the MCP Inspector pointed at it. With
 * `--transport stdio` the Inspector starts the server itself, as an MCP client app would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { watch, type FSWatcher } from "node:fs";
import { dirname, relative } from "node:path";
import { parse } from "../args.ts";
import { CliError, type CliCommand, type CliIo } from "../command.ts";
import { resolveServerFile } from "../load-server.ts";
import { stderrPaint } from "../output.ts";
import { selfCommand } from "../target.ts";
import { inspectorCommand, shellLine, startInspector, stopInspector, type InspectorTarget } from "../inspector.ts";

const IGNORED = /(^|[\\/])(node_modules|\.git|dist|coverage)([\\/]|$)/;
const SERVING = /serving .*? on (https?:\/\/\S+)/;

export const devCommand: CliCommand = {
  name: "dev",
  summary: "Run a server over HTTP, restarting it when files change",
  help: `Usage: mcpkit dev <file> [options]

Serves the file over Streamable HTTP (both eras) and restarts it whenever a file in its
directory changes (node_modules and .git are ignored). Prints the URL to connect to.
--inspector opens the MCP Inspector (a pinned release, under Node 22 from npm when this Node
is older) connected to it; with --transport stdio the Inspector starts the server over stdio
and picks up changes when you reconnect.

Options:
  --transport <name>    http (default), sse (adds the HTTP+SSE 2024-11-05 endpoints) or stdio (with --inspector)
  --host <host>         interface to listen on (default 127.0.0.1)
  --port <port>         port (default 8000; 0 picks a free one, kept across restarts)
  --path <path>         the MCP endpoint's path (default /mcp)
  --inspector           also open the MCP Inspector on the server
  --dry-run             print the commands dev would run, and exit
  --verbose             show full error stacks, the server's stderr and masked tool errors
  -h, --help            show this help

Examples:
  mcpkit dev server.ts
  mcpkit dev server.ts --port 3000 --inspector
  mcpkit dev server.ts --transport stdio --inspector`,

  async run(argv, io) {
    const { values, positionals } = parse("dev", argv, {
      transport: { type: "string", default: "http" },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "8000" },
      path: { type: "string", default: "/mcp" },
      inspector: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
    });
    if (positionals.length !== 1) throw new CliError("dev: give one server file, e.g. mcpkit dev server.ts");
    const transport = values.transport.toLowerCase();
    if (transport !== "http" && transport !== "sse" && transport !== "stdio")
      throw new CliError(`dev: --transport must be http, sse or stdio, not "${values.transport}"`);
    if (transport === "stdio" && !values.inspector)
      throw new CliError("dev: --transport stdio needs --inspector (the Inspector starts the server); without it use mcpkit run server.ts");
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CliError(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
    const file = resolveServerFile(positionals[0], io.cwd);
    const dev = new DevServer(io, file, positionals[0], {
      transport,
      host: values.host,
      port,
      path: values.path,
      inspector: values.inspector,
    });
    if (values["dry-run"]) {
      dev.printPlan();
      return 0;
    }
    return dev.start();
  },
};

interface DevOptions {
  transport: "http" | "sse" | "stdio";
  host: string;
  port: number;
  path: string;
  inspector: boolean;
}

class DevServer {
  private child: ChildProcess | undefined;
  private inspector: ChildProcess | undefined;
  private watcher: FSWatcher | undefined;
  private url: string | undefined;
  private port: number;
  private restartTimer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly p;

  constructor(
    private readonly io: CliIo,
    private readonly file: string,
    private readonly display: string,
    private readonly options: DevOptions,
  ) {
    this.port = options.port;
    this.p = stderrPaint(io);
  }

  private serverArgs(): { command: string; args: string[] } {
    const self = selfCommand();
    const { transport, host, path } = this.options;
    const verbose = this.io.verbose ? ["--verbose"] : [];
    if (transport === "stdio") return { command: self.command, args: [...self.args, "run", this.file, ...verbose] };
    return {
      command: self.command,
      args: [
        ...self.args,
        "run",
        this.file,
        "--transport",
        transport,
        "--host",
        host,
        "--port",
        String(this.port),
        "--path",
        path,
        ...verbose,
      ],
    };
  }

  private inspectorTarget(url: string): InspectorTarget {
    const { transport } = this.options;
    if (transport !== "stdio") return { transport, url };
    const server = this.serverArgs();
    return { transport, command: server.command, args: server.args, cwd: this.io.cwd };
  }

  printPlan(): void {
    const server = this.serverArgs();
    const url = `http://${this.options.host}:${this.port}${this.options.path}`;
    const out = this.io.stdout;
    const stdio = this.options.transport === "stdio";
    out.write(`server: ${stdio ? "(started by the Inspector) " : ""}${shellLine([server.command, ...server.args])}\n`);
    if (!stdio) out.write(`url: ${url}\n`);
    out.write(`watch: ${dirname(this.file)}\n`);
    if (this.options.inspector) out.write(`inspector: ${shellLine(inspectorCommand(this.inspectorTarget(url)))}\n`);
  }

  start(): Promise<number> {
    return new Promise<number>((resolvePromise) => {
      const stop = (code: number) => {
        if (this.stopping) return;
        this.stopping = true;
        this.watcher?.close();
        clearTimeout(this.restartTimer);
        stopInspector(this.inspector);
        void this.stopChild().then(() => resolvePromise(code));
      };
      process.once("SIGINT", () => stop(130));
      process.once("SIGTERM", () => stop(143));
      this.watch();
      if (this.options.transport === "stdio") this.startStdio();
      else this.spawnChild();
    });
  }

  private log(message: string): void {
    this.io.stderr.write(`${this.p.dim("mcpkit dev:")} ${message}\n`);
  }

  private watch(): void {
    const dir = dirname(this.file);
    const onChange = (_event: string, name: string | Buffer | null) => {
      const changed = name ? name.toString() : "";
      if (changed && IGNORED.test(changed)) return;
      clearTimeout(this.restartTimer);
      // Restarts run one after another, so a burst of saves never leaves two servers running.
      this.restartTimer = setTimeout(() => {
        this.restarting = this.restarting.then(() => this.restart(changed));
      }, 150);
    };
    try {
      this.watcher = watch(dir, { recursive: true }, onChange);
    } catch {
      // Recursive watching is not available everywhere on Node 20: watch the top directory only.
      this.watcher = watch(dir, onChange);
    }
    this.watcher.on("error", (error) => this.log(`cannot watch ${dir}: ${error.message}`));
  }

  private spawnChild(): void {
    const { command, args } = this.serverArgs();
    const child = spawn(command, args, { cwd: this.io.cwd, env: this.io.env, stdio: ["ignore", "inherit", "pipe"] });
    this.child = child;
    let buffered = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      this.io.stderr.write(chunk);
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const match = SERVING.exec(line);
        if (match) this.serving(match[1]);
      }
    });
    child.on("exit", (code, signal) => {
      if (this.child !== child || this.stopping) return;
      this.child = undefined;
      this.log(`the server stopped (${signal ?? `exit code ${code}`}); fix the file and save to restart`);
    });
  }

  private serving(url: string): void {
    const first = this.url === undefined;
    this.url = url;
    this.port = Number(new URL(url).port) || this.port; // keep a port picked by --port 0 across restarts
    if (!first) return;
    const p = this.p;
    this.log(`${p.bold(this.display)} is running at ${p.ok(url)}`);
    this.io.stderr.write(`  Connect an MCP client to ${url} (Streamable HTTP)\n`);
    this.io.stderr.write(`  Try it:     npx mcpkit list ${url}\n`);
    const inspector = inspectorCommand(this.inspectorTarget(url));
    this.io.stderr.write(`  Inspector:  ${shellLine(inspector)}\n`);
    this.io.stderr.write(`  Watching ${dirname(this.file)} for changes; Ctrl+C to stop\n`);
    if (this.options.inspector) this.inspector = startInspector(inspector, this.io, (m) => this.log(m));
  }

  /** Over stdio the Inspector owns the server process: it starts one on every connect. */
  private startStdio(): void {
    this.log(`the Inspector starts ${this.p.bold(this.display)} over stdio when you connect; Ctrl+C to stop`);
    this.inspector = startInspector(inspectorCommand(this.inspectorTarget("")), this.io, (m) => this.log(m));
  }

  private async restart(changed: string): Promise<void> {
    if (this.stopping) return;
    const what = changed ? relative(this.io.cwd, `${dirname(this.file)}/${changed}`) : "a file";
    if (this.options.transport === "stdio") {
      this.log(`${what} changed; reconnect in the Inspector (its Connect switch) to load it`);
      return;
    }
    this.log(`${what} changed, restarting`);
    await this.stopChild();
    if (!this.stopping) this.spawnChild();
  }

  private async stopChild(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolvePromise) => child.once("exit", () => resolvePromise()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  }
}
