/**
 * Drivers for the HTTP transports against one spawned server (mcp.run with transport
 * "sse": Streamable HTTP for both eras, and the 2024-11-05 HTTP+SSE endpoints):
 * - modern: each frame is a POST with the headers its body calls for;
 * - legacy: each frame is a POST on an Mcp-Session-Id session; the server's own requests
 *   arrive on the POST's SSE answer and are answered with POSTs;
 * - sse: one GET stream per session, frames POSTed to its messages endpoint.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { Collector, sseParser, type Driver } from "./collector.ts";
import { LEGACY, MODERN, type Batch } from "./frames.ts";
import { FIXTURE } from "./stream-drivers.ts";

const POST_TIMEOUT_MS = 5000;
const CONCURRENCY = 8;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

/** The spawned HTTP server, shared by the three drivers; restarted after it exits. */
export class HttpChild {
  private child: ChildProcess | undefined;
  private stderr = "";
  exited: string | undefined;
  url = "";
  /** Bumped on each (re)start, so drivers know their sessions are gone. */
  generation = 0;

  async ensure(): Promise<void> {
    if (this.child && !this.exited) return;
    this.exited = undefined;
    this.stderr = "";
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
      env: { ...process.env, FUZZ_TRANSPORT: "sse" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.child = child;
    child.once("exit", (code, signal) => {
      this.exited = `the HTTP server exited (code ${code}, signal ${signal}); its stderr ended with: ${this.stderr.slice(-1500)}`;
    });
    this.url = await new Promise<string>((resolve, reject) => {
      child.stderr!.setEncoding("utf8");
      child.stderr!.on("data", (chunk: string) => {
        this.stderr = (this.stderr + chunk).slice(-4000);
        const match = / on (http:\/\/127\.0\.0\.1:\d+\/mcp) /.exec(this.stderr);
        if (match) resolve(match[1]);
      });
      child.once("exit", () => reject(new Error(this.exited)));
    });
    this.generation++;
  }

  get origin(): string {
    return new URL(this.url).origin;
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await gone;
    clearTimeout(timer);
    agent.destroy();
  }
}

interface Posted {
  status: number;
  /** JSON-RPC messages in the answer (one JSON body, or each SSE event). */
  messages: string[];
  /** Set when the exchange failed below HTTP (connection reset, timeout). */
  failure?: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * POSTs one body; `onMessage` sees each message as it arrives (the server's requests need
 * answers before the response ends) and may return true to stop reading (a listen stream).
 */
function post(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  onMessage: (text: string) => boolean | void = () => {},
): Promise<Posted> {
  return new Promise((resolve) => {
    const messages: string[] = [];
    let done = false;
    const finish = (result: Omit<Posted, "messages">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...result, messages });
    };
    const req = request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(body.length) } }, (res) => {
      const type = String(res.headers["content-type"] ?? "");
      res.setEncoding("utf8");
      const base = { status: res.statusCode ?? 0, headers: res.headers };
      if (type.startsWith("text/event-stream")) {
        const parse = sseParser((_event, data) => {
          messages.push(data);
          if (onMessage(data) === true) {
            finish(base);
            req.destroy();
          }
        });
        res.on("data", parse);
      } else {
        let text = "";
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          if (type.startsWith("application/json") && text !== "") {
            messages.push(text);
            onMessage(text);
          } else if (text !== "" && res.statusCode !== 202) messages.push(text); // not JSON: the oracle flags it
        });
      }
      res.on("end", () => finish(base));
      res.on("error", () => finish(base));
      res.on("close", () => finish(base));
    });
    const timer = setTimeout(() => {
      finish({ status: 0, headers: {}, failure: `no complete answer within ${POST_TIMEOUT_MS} ms` });
      req.destroy();
    }, POST_TIMEOUT_MS);
    req.on("error", (error) => finish({ status: 0, headers: {}, failure: `the request failed: ${error.message}` }));
    req.end(body);
  });
}

/** Runs `work` over `items` with a few in flight at once. */
async function pool<T>(items: T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

const headerSafe = (s: string) => /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(s);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const ACK = "notifications/subscriptions/acknowledged";

/** The Mcp-* headers a modern body calls for (names not safe as header text go base64, as the spec says). */
function modernHeaders(body: Buffer): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": MODERN,
  };
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return headers;
  }
  if (!isObject(value)) return headers;
  const params = isObject(value.params) ? value.params : {};
  const version = isObject(params._meta) ? params._meta["io.modelcontextprotocol/protocolVersion"] : undefined;
  if (typeof version === "string" && headerSafe(version)) headers["mcp-protocol-version"] = version;
  if (typeof value.method === "string" && headerSafe(value.method)) headers["mcp-method"] = value.method;
  const name = params.name ?? params.uri;
  if (typeof name === "string") headers["mcp-name"] = headerSafe(name) ? name : `=?base64?${Buffer.from(name).toString("base64")}?=`;
  return headers;
}

/** A listen stream is read until its acknowledgement or answer, then closed. */
const stopsListen = (text: string): boolean => {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return value.method === ACK || (!("method" in value) && "id" in value);
  } catch {
    return false;
  }
};

const outcome = (child: HttpChild, out: string[], side: string[], trouble: string[], acked: string[]) => ({
  out,
  side,
  alive: child.exited === undefined,
  trouble: child.exited ? [child.exited, ...trouble] : trouble,
  acked,
});

export class ModernHttpDriver implements Driver {
  readonly name = "http/modern";
  sent = 0;
  constructor(private readonly child: HttpChild) {}

  async run(batch: Batch) {
    await this.child.ensure();
    const out: string[] = [];
    const trouble: string[] = [];
    await pool(batch.frames, async (frame) => {
      this.sent++;
      const answer = await post(this.child.url, modernHeaders(frame), frame, stopsListen);
      out.push(...answer.messages);
      if (answer.failure) trouble.push(`${answer.failure}: ${frame.toString("utf8").slice(0, 200)}`);
    });
    return outcome(this.child, out, [], trouble, []);
  }

  async close(): Promise<void> {}
}

export class LegacyHttpDriver implements Driver {
  readonly name = "http/legacy";
  sent = 0;
  private session: string | undefined;
  private generation = -1;
  constructor(private readonly child: HttpChild) {}

  private async ensureSession(): Promise<void> {
    await this.child.ensure();
    if (this.session && this.generation === this.child.generation) return;
    const init = await post(
      this.child.url,
      { "content-type": "application/json", accept: "application/json, text/event-stream" },
      Buffer.from(
        JSON.stringify({
          jsonrpc: "2.0",
          id: "fuzz-init",
          method: "initialize",
          params: {
            protocolVersion: LEGACY,
            capabilities: { elicitation: {}, sampling: {}, roots: {} },
            clientInfo: { name: "fuzz", version: "0" },
          },
        }),
      ),
    );
    const id = init.headers["mcp-session-id"];
    if (typeof id !== "string") throw new Error(`initialize opened no session: ${init.status} ${init.messages.join(" ")}`);
    this.session = id;
    this.generation = this.child.generation;
    await post(this.child.url, this.headers(), Buffer.from(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })));
  }

  private headers(): Record<string, string> {
    return {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-session-id": this.session!,
      "mcp-protocol-version": LEGACY,
    };
  }

  async run(batch: Batch) {
    await this.ensureSession();
    const out: string[] = [];
    const side: string[] = [];
    const trouble: string[] = [];
    const replies: Promise<void>[] = [];
    let answerIndex = 0;
    await pool(batch.frames, async (frame) => {
      this.sent++;
      const answer = await post(this.child.url, this.headers(), frame, (text) => {
        let value: Record<string, unknown>;
        try {
          value = JSON.parse(text) as Record<string, unknown>;
        } catch {
          return false;
        }
        if (typeof value.method === "string" && "id" in value) {
          // The server asks the client something: answer on the session, as a client would.
          const reply = batch.answers[answerIndex++ % batch.answers.length];
          this.sent++;
          replies.push(
            post(this.child.url, this.headers(), Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: value.id, ...reply }))).then((r) => {
              side.push(...r.messages);
            }),
          );
        }
        return stopsListen(text) && value.method === ACK;
      });
      out.push(...answer.messages);
      if (answer.failure) trouble.push(`${answer.failure}: ${frame.toString("utf8").slice(0, 200)}`);
    });
    await Promise.all(replies);
    return outcome(this.child, out, side, trouble, []);
  }

  async close(): Promise<void> {}
}

/** The 2024-11-05 transport: answers come on the session's GET stream, each POST gets 202. */
export class SseDriver implements Driver {
  readonly name = "sse/legacy";
  sent = 0;
  private endpoint: string | undefined;
  private generation = -1;
  private stream: { destroy(): void } | undefined;
  private streamEnded = false;
  private readonly collector = new Collector((text) => {
    this.sent++;
    void post(this.endpoint!, { "content-type": "application/json" }, Buffer.from(text)).then((r) => {
      this.side.push(...r.messages);
    });
  });
  private side: string[] = [];

  constructor(private readonly child: HttpChild) {}

  private async ensureSession(): Promise<void> {
    await this.child.ensure();
    if (this.endpoint && !this.streamEnded && this.generation === this.child.generation) return;
    this.stream?.destroy();
    this.streamEnded = false;
    this.endpoint = await new Promise<string>((resolve, reject) => {
      const req = request(`${this.child.origin}/sse`, { headers: { accept: "text/event-stream" } }, (res) => {
        res.setEncoding("utf8");
        res.on(
          "data",
          sseParser((event, data) => {
            if (event === "endpoint") resolve(new URL(data, this.child.origin).href);
            else this.collector.push(data);
          }),
        );
        res.on("close", () => {
          this.streamEnded = true;
          this.collector.abort();
        });
      });
      req.on("error", (error) => {
        this.streamEnded = true;
        reject(error);
      });
      req.end();
      this.stream = req;
    });
    this.generation = this.child.generation;
    this.collector.begin(new Set(["string:fuzz-init"]), [{ result: {} }]);
    const settled = this.collector.wait(5000);
    await post(
      this.endpoint,
      { "content-type": "application/json" },
      Buffer.from(
        JSON.stringify({
          jsonrpc: "2.0",
          id: "fuzz-init",
          method: "initialize",
          params: { protocolVersion: "2024-11-05", capabilities: { sampling: {}, roots: {} }, clientInfo: { name: "fuzz", version: "0" } },
        }),
      ),
    );
    await settled;
    await post(
      this.endpoint,
      { "content-type": "application/json" },
      Buffer.from(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })),
    );
  }

  async run(batch: Batch, awaited: Set<string>) {
    await this.ensureSession();
    this.side = [];
    const trouble: string[] = [];
    const bodies: string[] = [];
    this.collector.begin(awaited, batch.answers);
    const settled = this.collector.wait(5000);
    await pool(batch.frames, async (frame) => {
      this.sent++;
      const answer = await post(this.endpoint!, { "content-type": "application/json" }, frame);
      const direct = answer.messages.filter((m) => m !== "Accepted");
      bodies.push(...direct);
      // Refused before it reached the session (400, 413...): its answer is the POST's body.
      for (const text of direct) this.collector.answeredElsewhere(text);
      if (answer.failure) trouble.push(`${answer.failure}: ${frame.toString("utf8").slice(0, 200)}`);
    });
    await settled;
    if (this.streamEnded && !this.child.exited) trouble.push("the SSE stream ended during the batch");
    const { out, acked } = this.collector;
    return outcome(this.child, [...out, ...bodies], [...this.side], trouble, [...acked]);
  }

  async close(): Promise<void> {
    this.stream?.destroy();
  }
}
