/**
 * DNS-rebinding protection and CORS. A web page on evil.example can make a browser send
 * requests to 127.0.0.1 under its own name, so a local server checks that the Host names
 * it and that any Origin is one it trusts. An absent Origin (non-browser clients) is fine.
 */
import type { HeaderMap, HttpExchange } from "./exchange.ts";
import { splitHostPort } from "./exchange.ts";
import type { HttpOptions } from "./options.ts";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const ALLOWED_HEADERS = [
  "content-type",
  "accept",
  "authorization",
  "mcp-session-id",
  "mcp-protocol-version",
  "mcp-method",
  "mcp-name",
  "last-event-id",
];
// WWW-Authenticate: a browser client reads the resource metadata URL of a 401 from it.
const EXPOSED_HEADERS = "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate";

/** Where the server listens, when known (serveHttp knows; a mounted handler does not). */
export interface BoundAddress {
  host: string;
  port: number;
}

export const isLoopbackHost = (host: string) => LOOPBACK.has(host) || host === "::1" || host.startsWith("127.");

export class RequestGuard {
  private readonly enabled: boolean;
  /** "loopback": only loopback names; "list": allowedHosts; "off": any Host (origin must then be same-origin). */
  private readonly hostMode: "loopback" | "list" | "off";
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  private readonly anyOrigin: boolean;
  private readonly port: string | undefined;
  private readonly cors: { maxAge: number } | undefined;

  constructor(options: HttpOptions, bound?: BoundAddress) {
    this.enabled = options.dnsRebindingProtection !== false;
    this.port = bound ? String(bound.port) : undefined;
    this.hosts = new Set((options.allowedHosts ?? []).map((h) => h.trim().toLowerCase()));
    // A server bound to a public interface cannot know its own public name: unless told,
    // it checks only that browsers call it from its own origin.
    this.hostMode = options.allowedHosts ? "list" : bound && !isLoopbackHost(bound.host) ? "off" : "loopback";
    const corsOrigins = typeof options.cors === "object" ? options.cors.origins : undefined;
    const origins = [...(options.allowedOrigins ?? []), ...(Array.isArray(corsOrigins) ? corsOrigins : [])];
    this.anyOrigin = origins.includes("*") || corsOrigins === "*";
    this.origins = new Set(origins.map(normalizeOrigin));
    this.cors = options.cors
      ? { maxAge: (typeof options.cors === "object" ? options.cors.maxAgeSeconds : undefined) ?? 86_400 }
      : undefined;
  }

  /** Undefined when the request may proceed, else why it is refused (answered with 403). */
  check(ex: HttpExchange): string | undefined {
    if (!this.enabled) return undefined;
    const host = ex.header("host");
    if (!this.hostAllowed(host)) {
      return `Host "${host ?? ""}" is not allowed (DNS rebinding protection); list it in the allowedHosts option`;
    }
    const origin = ex.header("origin");
    if (origin !== undefined && !this.originAllowed(origin, host)) {
      return `Origin "${origin}" is not allowed (DNS rebinding protection); list it in the allowedOrigins option`;
    }
    return undefined;
  }

  private hostAllowed(value: string | undefined): boolean {
    if (this.hostMode === "off") return true;
    if (value === undefined) return false;
    const { host, port } = splitHostPort(value);
    if (this.hostMode === "list") return this.hosts.has(host) || (port !== undefined && this.hosts.has(`${host}:${port}`));
    if (!LOOPBACK.has(host)) return false;
    return this.port === undefined || (port ?? "80") === this.port;
  }

  private originAllowed(origin: string, host: string | undefined): boolean {
    if (this.anyOrigin) return true;
    const normalized = normalizeOrigin(origin);
    if (this.origins.has(normalized)) return true;
    let url: URL;
    try {
      url = new URL(normalized);
    } catch {
      return false; // "null" and other opaque origins
    }
    const { host: name, port } = splitHostPort(url.host);
    // Any loopback origin is fine for a local server: a rebinding page never has one.
    if (this.hostMode === "loopback") return LOOPBACK.has(name);
    if (this.hostMode === "list") return this.hosts.has(name) || (port !== undefined && this.hosts.has(`${name}:${port}`));
    return host !== undefined && url.host === host.trim().toLowerCase();
  }

  /** Headers that let a browser read the response, when CORS is on and the request came from a page. */
  corsHeaders(ex: HttpExchange): HeaderMap | undefined {
    if (!this.cors) return undefined;
    const origin = ex.header("origin");
    if (origin === undefined) return undefined;
    return { "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSED_HEADERS, vary: "Origin" };
  }

  /** Answers an OPTIONS request: a CORS preflight when CORS is on, else just the allowed methods. */
  preflight(ex: HttpExchange, methods: string): void {
    const origin = ex.header("origin");
    if (!this.cors || origin === undefined) {
      ex.respond(204, { allow: methods });
      return;
    }
    const requested = (ex.header("access-control-request-headers") ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const allowed = [...ALLOWED_HEADERS, ...requested.filter((h) => h.startsWith("mcp-param-") && !ALLOWED_HEADERS.includes(h))];
    ex.respond(204, {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": methods,
      "access-control-allow-headers": allowed.join(", "),
      "access-control-expose-headers": EXPOSED_HEADERS,
      "access-control-max-age": this.cors.maxAge,
      vary: "Origin",
    });
  }
}

function normalizeOrigin(origin: string): string {
  const value = origin.trim().toLowerCase();
  return value.endsWith("/") ? value.slice(0, -1) : value;
}
