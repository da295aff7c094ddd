/**
 * The web-standard front door: `(request: Request) => Promise<Response>` for Workers,
 * Bun, Deno, Hono and anything else built on fetch. SSE answers are ReadableStreams;
 * a client that goes away is seen through the stream's cancel or the request's signal.
 */
import type { HttpRequestInfo } from "../../server/context.ts";
import type { McpServer } from "../../server/mcp-server.ts";
import { BodyCollector, type BodyBudget, type BodyRead } from "./body-budget.ts";
import type { CloseWatcher, HeaderMap, HttpExchange } from "./exchange.ts";
import { HttpTransportCore } from "./handler.ts";
import type { HttpOptions } from "./options.ts";

const encoder = new TextEncoder();

class FetchRequestInfo implements HttpRequestInfo {
  private record: Record<string, string> | undefined;
  constructor(private readonly request: Request) {}
  get method(): string {
    return this.request.method;
  }
  get url(): string {
    return this.request.url;
  }
  get headers(): Record<string, string> {
    if (!this.record) {
      this.record = Object.create(null) as Record<string, string>;
      this.request.headers.forEach((value, key) => {
        this.record![key] = value;
      });
    }
    return this.record;
  }
}

const toHeaders = (headers: HeaderMap): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const key in headers) out[key] = String(headers[key]);
  return out;
};

class FetchExchange implements HttpExchange {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  extraHeaders: HeaderMap | undefined = undefined;
  readonly response: Promise<Response>;
  /** A Request built in code has no Host header; its URL says the same thing. */
  private readonly urlHost: string;
  private resolve!: (response: Response) => void;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private ended = false;
  private watcher: CloseWatcher | undefined;
  private requestInfo: FetchRequestInfo | undefined;

  constructor(private readonly request: Request) {
    this.method = request.method;
    const url = new URL(request.url);
    this.path = url.pathname;
    this.query = url.search.slice(1);
    this.urlHost = url.host;
    this.response = new Promise((resolve) => (this.resolve = resolve));
    request.signal?.addEventListener("abort", () => this.closedByClient(), { once: true });
  }

  header(name: string): string | undefined {
    return this.request.headers.get(name) ?? (name === "host" ? this.urlHost : undefined);
  }

  get info(): HttpRequestInfo {
    return (this.requestInfo ??= new FetchRequestInfo(this.request));
  }

  get finished(): boolean {
    return this.ended;
  }

  async readBody(budget: BodyBudget): Promise<BodyRead> {
    const body = new BodyCollector(budget, undefined);
    const refused = body.begin(Number(this.request.headers.get("content-length")));
    if (refused) return { refused };
    if (!this.request.body) return { text: body.text() };
    const reader = this.request.body.getReader();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(resolve, budget.timeoutMs, "timeout");
    });
    try {
      for (;;) {
        const read = await Promise.race([reader.read(), timedOut]);
        if (read !== "timeout" && read.done) return { text: body.text() };
        const reason = read === "timeout" ? body.refuse(read) : body.add(read.value);
        if (reason) {
          void reader.cancel().catch(() => undefined);
          return { refused: reason };
        }
      }
    } catch {
      return { refused: body.refuse("aborted") };
    } finally {
      clearTimeout(timer);
    }
  }

  private headersWith(headers: HeaderMap): Record<string, string> {
    return toHeaders(this.extraHeaders ? { ...headers, ...this.extraHeaders } : headers);
  }

  respond(status: number, headers: HeaderMap, body?: string): void {
    if (this.ended) return;
    this.ended = true;
    const empty = body === undefined || status === 204 || status === 304;
    this.resolve(new Response(empty ? null : body, { status, headers: this.headersWith(headers) }));
  }

  startStream(status: number, headers: HeaderMap): void {
    if (this.ended) return;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => this.closedByClient(),
    });
    this.resolve(new Response(stream, { status, headers: this.headersWith(headers) }));
  }

  write(chunk: string): void {
    if (this.ended || !this.controller) return;
    try {
      this.controller.enqueue(encoder.encode(chunk));
    } catch {
      this.closedByClient();
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.controller?.close();
    } catch {
      // already closed by the reader
    }
  }

  watchClose(watcher: CloseWatcher): void {
    this.watcher = watcher;
  }

  closedByClient(): void {
    if (this.ended) return;
    this.ended = true;
    this.watcher?.exchangeClosed(this);
  }
}

export type FetchHandler = ((request: Request) => Promise<Response>) & {
  /** Drains requests in flight and ends streams. */
  close(timeoutMs?: number): Promise<void>;
};

/** A web-standard handler for `server`. Give `allowedHosts` when it serves a public host name. */
export function createFetchHandler(server: McpServer<never> | McpServer<unknown> | McpServer, options: HttpOptions = {}): FetchHandler {
  const core = new HttpTransportCore(server as McpServer<unknown>, options);
  const handler = ((request: Request) => {
    const exchange = new FetchExchange(request);
    void core.handle(exchange);
    return exchange.response;
  }) as FetchHandler;
  handler.close = (timeoutMs) => core.close(timeoutMs);
  return handler;
}
