/**
 * The frameworks under test and what each can do. `legacyVersion` is the newest 2025-era
 * revision the peer accepts (the legacy HTTP and stdio runs speak it); `modern` says whether
 * it serves 2026-07-28; a missing `stdio`/`http` means that transport does not exist there.
 */
export const PEERS = [
  {
    id: "mcpkit",
    label: "mcpkit",
    stdio: true,
    http: true,
    modern: true,
    legacyVersion: "2025-11-25",
    sessions: true,
    legacyMode: "stateless (`stateless: true`)",
  },
  {
    id: "raw",
    label: "raw baseline",
    stdio: true,
    http: true,
    modern: true,
    legacyVersion: "2025-11-25",
    baseline: true,
    legacyMode: "plain node:http JSON echo, no MCP checks",
  },
  {
    id: "sdk-v2",
    label: "SDK v2",
    stdio: true,
    http: true,
    modern: true,
    legacyVersion: "2025-11-25",
    legacyMode: "createMcpHandler's stateless legacy fallback (new instance per request)",
  },
  {
    id: "sdk-v1",
    label: "SDK v1",
    stdio: true,
    http: true,
    modern: false,
    legacyVersion: "2025-11-25",
    sessions: true,
    noModern: "SDK v1 answers 2026-07-28 with -32000 unsupported protocol version",
    legacyMode: "documented stateless idiom (new server + transport per request)",
  },
  {
    id: "tmcp",
    label: "tmcp",
    stdio: true,
    http: true,
    modern: true,
    legacyVersion: "2025-11-25",
    sessions: true,
    legacyMode: "no session header: tmcp assigns a fresh session id per request",
  },
  {
    id: "mcp-lite",
    label: "mcp-lite",
    stdio: false,
    http: true,
    modern: false,
    legacyVersion: "2025-06-18",
    sessions: true,
    noStdio: "mcp-lite has no stdio transport",
    noModern: "mcp-lite 0.10 accepts only 2025-03-26 and 2025-06-18",
    legacyMode: "stateless transport (no session adapter), 2025-06-18",
  },
  {
    id: "fastmcp",
    label: "fastmcp",
    stdio: true,
    http: true,
    modern: false,
    legacyVersion: "2025-11-25",
    sessions: true,
    noModern: "fastmcp 4.x is built on SDK v1 and refuses 2026-07-28",
    legacyMode: "httpStream with `stateless: true`",
  },
  // Variants run only where named (`variantOf`): here, start-up without zod.
  { id: "mcpkit-nozod", label: "mcpkit, JSON Schema input (no zod)", stdio: true, variant: true, legacyVersion: "2025-11-25" },
  // ...and HTTP behind mcpkit/auth (a JWT checked on every request), beside plain mcpkit.
  {
    id: "mcpkit-jwt",
    label: "mcpkit, JWT bearer auth (keys cached)",
    http: true,
    modern: true,
    variant: true,
    legacyVersion: "2025-11-25",
    noStdio: "an HTTP-only variant",
  },
  // ...and legacy sessions kept in Redis (mcpkit/redis), beside sessions in memory.
  {
    id: "mcpkit-redis",
    label: "mcpkit, legacy sessions in Redis",
    http: true,
    modern: false,
    variant: true,
    legacyVersion: "2025-11-25",
    noStdio: "an HTTP-only variant",
  },
];

export const byId = Object.fromEntries(PEERS.map((p) => [p.id, p]));
