/**
 * API data: the guide's `api://{endpoint}` resource, which passes an upstream API's answer
 * through with the upstream's own content type as the resource's mime type (the guide's
 * "resource metadata"). The upstream is one configured base URL; the endpoint can only name
 * a path below it, never another host.
 *
 *   API_BASE_URL=https://api.github.com npm run mcpkit -- read examples/api/server.ts api://zen
 *   API_BASE_URL=http://127.0.0.1:8080 node --conditions=mcpkit-source --import tsx examples/api/server.ts
 */
import { pathToFileURL } from "node:url";
import { ErrorCode, McpError, McpServer, ResourceNotFoundError, type Context } from "mcpkit";

export interface ApiOptions {
  /** The API's base URL (default: env API_BASE_URL, else the guide's https://api.example.com). */
  baseUrl?: string;
  /** How long one upstream request may take (default: env API_TIMEOUT_MS, else 10 s). */
  timeoutMs?: number;
  /** Largest answer passed through, in bytes (default 5 MiB). */
  maxBytes?: number;
}

const TEXT = /^(text\/|application\/([\w.+-]+\+)?(json|xml|yaml|javascript|x-www-form-urlencoded)$)/;

/**
 * The URL of `endpoint` under `base`. The variable arrives percent-decoded, so it may hold
 * "/", "?", "#" or "..": each segment is encoded again, and ".", ".." and empty segments are
 * refused (an endpoint starting with "//" would otherwise name another host), so the result
 * is always a path below the base.
 */
export function endpointUrl(base: string, endpoint: string): URL {
  const segments = endpoint.split("/");
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0"))) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `Invalid endpoint "${endpoint}": a path below the API, without empty, "." or ".." segments`,
    );
  }
  const root = new URL(base.endsWith("/") ? base : `${base}/`);
  const url = new URL(`./${segments.map(encodeURIComponent).join("/")}`, root);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname))
    throw new McpError(ErrorCode.InvalidParams, `Invalid endpoint "${endpoint}"`);
  return url;
}

/** Reads at most `maxBytes` of the body; more is an error rather than a silently cut answer. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader?.cancel();
      throw new McpError(ErrorCode.InternalError, `The API's answer is larger than ${maxBytes} bytes`);
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * A signal that aborts after `ms` (a TimeoutError) or with `outer`. A timer of our own holds
 * it: an `AbortSignal.timeout()` referenced only from `AbortSignal.any()` can be garbage
 * collected before it fires, and the request then waits for ever. It covers the whole
 * exchange, the body included; unref'd, it never keeps the process up.
 */
function withDeadline(ms: number, outer?: AbortSignal): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException(`Timed out after ${ms} ms`, "TimeoutError")), ms).unref();
  return outer ? AbortSignal.any([controller.signal, outer]) : controller.signal;
}

/** Adds the guide's `api://{endpoint}` resource (`get_api_data`) to `mcp`. */
export function registerApi<S>(mcp: McpServer<S>, options: ApiOptions = {}): void {
  const base = options.baseUrl ?? process.env.API_BASE_URL ?? "https://api.example.com";
  const timeoutMs = options.timeoutMs ?? (Number(process.env.API_TIMEOUT_MS) || 10_000);
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;

  async function get(url: URL, ctx: Context<S>): Promise<Response> {
    // Give up on our timeout, or as soon as the client cancels the read.
    const signal = withDeadline(timeoutMs, ctx.signal);
    try {
      // Redirects are not followed: they could lead off the configured API.
      return await fetch(url, { signal, redirect: "manual" });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw new McpError(
        ErrorCode.InternalError,
        timedOut ? `The API did not answer within ${timeoutMs} ms` : `Could not reach the API at ${url.origin}`,
      );
    }
  }

  mcp.resource(
    "api://{endpoint}",
    {
      name: "get_api_data",
      description: `Data from an API endpoint under ${base} (a path; percent-encode "/" as %2F), with the API's content type`,
    },
    async ({ endpoint }, ctx) => {
      const url = endpointUrl(base, endpoint);
      const response = await get(url, ctx);
      if (response.status === 404) {
        await response.body?.cancel();
        throw new ResourceNotFoundError(ctx.uri, `The API has nothing at ${url.pathname}`);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new McpError(ErrorCode.InternalError, `The API answered HTTP ${response.status} for ${url.pathname}`);
      }
      // The guide's tuple (content, mime type): the upstream's type, text/plain when it sent none.
      const mimeType = (response.headers.get("content-type") ?? "text/plain").split(";")[0].trim().toLowerCase() || "text/plain";
      const body = await readCapped(response, maxBytes);
      return TEXT.test(mimeType) ? { text: new TextDecoder().decode(body), mimeType } : { blob: body, mimeType };
    },
  );
}

export const mcp = new McpServer({ name: "api", version: "1.0.0" });
registerApi(mcp);

// Serve when run directly; stay importable for tests and the showcase.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
