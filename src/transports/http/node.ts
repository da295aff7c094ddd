/**
 * The node:http front door: works on IncomingMessage/ServerResponse directly (no
 * Request/Response objects), reads the body into one buffer, and answers JSON with a
 * single writeHead + end.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpRequestInfo } from "../../server/context.ts";
import type { McpServer } from "../../server/mcp-server.ts";
import { BodyCollector, type BodyBudget, type BodyRead, type BodyRefusal } from "./body-budget.ts";
import type { CloseWatcher, HeaderMap, HttpExchange } from "./exchange.ts";
import { HttpTransportCore } from "./handler.ts";
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_HEADERS_TIMEOUT_MS, type HttpOptions, type ServeHttpOptions } from "./options.ts";

/** The exchange a ServerResponse belongs to, so one shared listener serves every response. */
const EXCHANGE = Symbol("mcpkit.exchange");
type TaggedResponse = ServerResponse & { [EXCHANGE]?: NodeExchange };

function onResponseClose(this: TaggedResponse): void {
  this[EXCHANGE]?.closedByClient();
}

/** `ctx.request` for node: the URL is only built if a handler reads it. */
class NodeRequestInfo implements HttpRequestInfo {
  constructor(private readonly req: IncomingMessage) {}
  get method(): string {
    return this.req.method ?? "GET";
  }
  get headers(): Record<string, string | string[] | undefined> {
    return this.req.headers;
  }
  get url(): string {
    const scheme = (this.req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
    return `${scheme}://${this.req.headers.host ?? "localhost"}${this.req.url ?? "/"}`;
  }
}

class NodeExchange implements HttpExchange {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  extraHeaders: HeaderMap | undefined = undefined;
  private ended = false;
  private watcher: CloseWatcher | undefined;
  private requestInfo: NodeRequestInfo | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: TaggedResponse,
  ) {
    this.method = req.method ?? "GET";
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    this.path = q < 0 ? url : url.slice(0, q);
    this.query = q < 0 ? "" : url.slice(q + 1);
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : undefined;
  }

  get info(): HttpRequestInfo {
    return (this.requestInfo ??= new NodeRequestInfo(this.req));
  }

  get finished(): boolean {
    return this.ended;
  }

  readBody(budget: BodyBudget): Promise<BodyRead> {
    const req = this.req;
    const body = new BodyCollector(budget, req.socket);
    const refused = body.begin(Number(req.headers["content-length"]));
    if (refused) return Promise.resolve({ refused });
    return new Promise((resolve) => {
      const stop = (reason: BodyRefusal) => {
        finish();
        // The rest of the body is not read: the answer closes the connection instead.
        req.pause();
        resolve({ refused: body.refuse(reason) });
      };
      const onData = (chunk: Buffer) => {
        const reason = body.add(chunk);
        if (reason) stop(reason);
      };
      const onEnd = () => {
        finish();
        resolve({ text: body.text() });
      };
      const onAborted = () => stop("aborted");
      const timer = setTimeout(stop, budget.timeoutMs, "timeout");
      const finish = () => {
        clearTimeout(timer);
        req.off("data", onData).off("end", onEnd).off("error", onAborted).off("close", onAborted);
      };
      req.on("data", onData).once("end", onEnd).once("error", onAborted).once("close", onAborted);
    });
  }

  private headersWith(headers: HeaderMap): HeaderMap {
    return this.extraHeaders ? Object.assign(headers, this.extraHeaders) : headers;
  }

  respond(status: number, headers: HeaderMap, body?: string): void {
    if (this.ended) return;
    this.ended = true;
    headers["content-length"] = body === undefined ? 0 : Buffer.byteLength(body);
    this.res.writeHead(status, this.headersWith(headers));
    this.res.end(body);
  }

  startStream(status: number, headers: HeaderMap): void {
    if (this.ended) return;
    this.res.writeHead(status, this.headersWith(headers));
    this.res.flushHeaders();
  }

  write(chunk: string): void {
    if (!this.ended) this.res.write(chunk);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.res.end();
  }

  watchClose(watcher: CloseWatcher): void {
    this.watcher = watcher;
    if (this.res[EXCHANGE]) return;
    this.res[EXCHANGE] = this;
    this.res.once("close", onResponseClose);
  }

  closedByClient(): void {
    if (this.ended) return;
    this.ended = true;
    this.watcher?.exchangeClosed(this);
  }
}

export type NodeHandler = ((req: IncomingMessage, res: ServerResponse, next?: () => void) => void) & {
  /** Drains and stops the transport (the node server itself is the caller's). */
  close(timeoutMs?: number): Promise<void>;
};

/**
 * A `(req, res)` handler for node:http (or Express/Connect: paths that are not the MCP
 * endpoint go to `next` when given, else get 404).
 */
export function createNodeHandler(server: McpServer<never> | McpServer<unknown> | McpServer, options: HttpOptions = {}): NodeHandler {
  return nodeHandlerFor(new HttpTransportCore(server as McpServer<unknown>, options));
}

function nodeHandlerFor(core: HttpTransportCore): NodeHandler {
  const handler = ((req: IncomingMessage, res: ServerResponse, next?: () => void) => {
    if (next && !core.serves(pathOf(req.url))) return next();
    void core.handle(new NodeExchange(req, res));
  }) as NodeHandler;
  handler.close = (timeoutMs) => core.close(timeoutMs);
  return handler;
}

const pathOf = (url = "/") => {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
};

export interface HttpServerHandle {
  /** The MCP endpoint, e.g. http://127.0.0.1:8000/mcp. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Drains requests in flight, ends streams, and stops listening. */
  close(): Promise<void>;
}

/** Starts a node:http server for `server` (127.0.0.1 and port 8000 unless told otherwise). */
export async function serveHttp(
  server: McpServer<never> | McpServer<unknown> | McpServer,
  options: ServeHttpOptions = {},
): Promise<HttpServerHandle> {
  const mcp = server as McpServer<unknown>;
  await mcp.start();
  const host = options.host ?? "127.0.0.1";
  // Slow senders: node answers 408 and closes a connection whose headers take too long;
  // bodies have their own timer (bodyTimeoutMs), this is the backstop for the whole request.
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const httpServer = createServer({
    headersTimeout,
    requestTimeout: headersTimeout + (options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS) + 1000,
    connectionsCheckingInterval: Math.min(5000, Math.max(100, Math.floor(headersTimeout / 4))),
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? 8000, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const core = new HttpTransportCore(mcp, options, { host, port });
  httpServer.on("request", nodeHandlerFor(core));
  const urlHost = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}${core.options.path}`,
    port,
    server: httpServer,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await core.close(options.drainTimeoutMs);
        httpServer.closeIdleConnections();
        httpServer.closeAllConnections();
        await stopped;
      })()),
  };
}
