/**
 * Drivers for the stream transports: a StreamConnection in this process fed through a
 * byte transport, and a spawned stdio server. Both keep one connection across batches
 * (reopening it if it died), open a legacy session first on the legacy era, and cancel
 * the listen streams a batch opened once it settles.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { McpServer } from "../../src/server/mcp-server.ts";
import { ByteStreamTransport } from "../helpers/byte-transport.ts";
import { chunksOf, Collector, type Driver } from "./collector.ts";
import { fuzzServer } from "./fixtures/fuzz-server.ts";
import { idKey, idKeyOfText, LEGACY, type Batch, type Era } from "./frames.ts";

export const FIXTURE = fileURLToPath(new URL("./fixtures/fuzz-server.ts", import.meta.url));
const SETTLE_TIMEOUT_MS = 4000;

const initialize = (id: string) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "initialize",
    params: {
      protocolVersion: LEGACY,
      capabilities: { elicitation: {}, sampling: {}, roots: {} },
      clientInfo: { name: "fuzz", version: "0" },
    },
  });
const INITIALIZED = JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" });
const cancel = (key: string) => JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: keyToId(key) } });
const keyToId = (key: string) => (key.startsWith("number:") ? Number(key.slice(7)) : key.slice(7));

/** Base for stream drivers: open(), write(), alive; everything else is shared. */
abstract class StreamDriver implements Driver {
  sent = 0;
  protected collector = new Collector((text) => this.writeLine(text, true));
  private opened = false;

  constructor(
    readonly name: string,
    protected readonly era: Era,
  ) {}

  protected abstract open(): Promise<void>;
  protected abstract write(bytes: Buffer): void;
  protected abstract get alive(): boolean;
  protected abstract trouble(): string[];
  abstract close(): Promise<void>;

  protected writeLine(text: string, counted: boolean): void {
    if (counted) this.sent++;
    this.write(Buffer.from(`${text}\n`));
  }

  private async ensureOpen(): Promise<void> {
    if (this.opened && this.alive) return;
    await this.open();
    this.opened = true;
    if (this.era === "legacy") {
      this.collector.begin(new Set(["string:fuzz-init"]), [{ result: {} }]);
      this.writeLine(initialize("fuzz-init"), false);
      await this.collector.wait(SETTLE_TIMEOUT_MS * 2);
      this.writeLine(INITIALIZED, false);
    }
  }

  async run(batch: Batch, awaited: Set<string>) {
    await this.ensureOpen();
    this.collector.begin(awaited, batch.answers);
    const settled = this.collector.wait(SETTLE_TIMEOUT_MS);
    for (const chunk of chunksOf(batch)) {
      this.write(chunk);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.sent += batch.frames.length;
    await settled;
    const { out, acked } = this.collector;
    // Listen streams would otherwise stay open into the next batch.
    for (const key of acked) this.writeLine(cancel(key), false);
    return { out: [...out], side: [], alive: this.alive, trouble: this.trouble(), acked: [...acked] };
  }
}

/** A StreamConnection in this process; unhandled rejections and exceptions count as a crash. */
export class InProcessDriver extends StreamDriver {
  private server: McpServer<never> | undefined;
  private transport: ByteStreamTransport | undefined;
  private readonly crashes: string[] = [];
  /** The frames of the running batch by id, to name the one whose answer crashed. */
  private frames = new Map<string, Buffer>();
  private readonly onCrash = (error: unknown) => {
    this.crashes.push(`unhandled in the server: ${(error as Error)?.message ?? String(error)}`);
    this.collector.abort();
  };

  constructor(era: Era) {
    super(`stream/${era}`, era);
    process.on("unhandledRejection", this.onCrash);
    process.on("uncaughtException", this.onCrash);
  }

  protected async open(): Promise<void> {
    this.server ??= fuzzServer() as unknown as McpServer<never>;
    this.transport = new ByteStreamTransport(
      (text) => this.collector.push(text),
      (id) => {
        const key = idKey(id);
        const frame = key === undefined ? undefined : this.frames.get(key);
        return frame ? `; it answers ${frame.toString("utf8").slice(0, 300)}` : "";
      },
    );
    await (this.server as unknown as McpServer<unknown>).connect(this.transport);
  }

  override async run(batch: Batch, awaited: Set<string>) {
    this.frames = new Map(
      batch.frames.flatMap((f) => {
        const key = idKeyOfText(f.toString("utf8"));
        return key ? [[key, f] as const] : [];
      }),
    );
    return super.run(batch, awaited);
  }

  protected write(bytes: Buffer): void {
    this.transport?.push(bytes);
  }

  protected get alive(): boolean {
    return this.crashes.length === 0 && this.transport !== undefined && !this.transport.closed;
  }

  protected trouble(): string[] {
    // A crash ends this connection; the next batch opens a new one.
    const found = this.crashes.splice(0);
    if (found.length) void this.transport?.close();
    return found;
  }

  async close(): Promise<void> {
    process.off("unhandledRejection", this.onCrash);
    process.off("uncaughtException", this.onCrash);
    await this.transport?.close();
    await (this.server as unknown as McpServer<unknown> | undefined)?.close();
  }
}

/** A spawned stdio server, many batches per process; respawned after it exits. */
export class StdioDriver extends StreamDriver {
  private child: ChildProcess | undefined;
  private stderr = "";
  private exited: string | undefined;

  constructor(era: Era) {
    super(`stdio/${era}`, era);
  }

  protected async open(): Promise<void> {
    this.exited = undefined;
    this.stderr = "";
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
      env: { ...process.env, FUZZ_TRANSPORT: "stdio" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child = child;
    let partial = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop()!;
      for (const line of lines) if (line !== "") this.collector.push(line);
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    child.stdin!.on("error", () => {});
    child.once("exit", (code, signal) => {
      this.exited = `the stdio server exited (code ${code}, signal ${signal}); its stderr ended with: ${this.stderr.slice(-1500)}`;
      this.collector.abort();
    });
  }

  protected write(bytes: Buffer): void {
    if (!this.exited) this.child?.stdin?.write(bytes);
  }

  protected get alive(): boolean {
    return this.exited === undefined;
  }

  protected trouble(): string[] {
    return this.exited ? [this.exited] : [];
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.stdin!.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await gone;
    clearTimeout(timer);
  }
}
