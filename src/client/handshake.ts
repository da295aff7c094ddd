/**
 * Picking the era: `server/discover` for 2026-07-28, the `initialize` handshake for older
 * revisions, and in "auto" mode the first with a fall back to the second.
 */
import { ErrorCode, McpError } from "../protocol/errors.ts";
import type { ClientCapabilities, Implementation, ServerCapabilities } from "../protocol/types.ts";
import { LEGACY_VERSIONS, MetaKey, MODERN_VERSION } from "../protocol/versions.ts";
import { isServerError, type Result, type RpcChannel } from "./rpc.ts";
import type { ServerDescription } from "./types.ts";

export interface HandshakeInput {
  rpc: RpcChannel;
  era: "auto" | "modern" | "legacy";
  info: Implementation;
  capabilities: ClientCapabilities;
  envelope: Record<string, unknown>;
  timeoutMs: number;
}

export async function negotiate(input: HandshakeInput): Promise<ServerDescription> {
  if (input.era === "legacy") return initialize(input);
  let discovered: Result;
  try {
    discovered = await discover(input);
  } catch (error) {
    // Any JSON-RPC error answer means "not a 2026-07-28 server"; a timeout or a closed pipe does not.
    if (input.era === "auto" && isServerError(error)) return initialize(input);
    throw error;
  }
  const versions = Array.isArray(discovered.supportedVersions) ? discovered.supportedVersions : [];
  if (!versions.includes(MODERN_VERSION)) {
    if (input.era === "auto") return initialize(input);
    throw new McpError(
      ErrorCode.UnsupportedProtocolVersion,
      `The server does not support ${MODERN_VERSION}; it supports ${versions.map(String).join(", ") || "no listed versions"}`,
      { supported: versions, requested: MODERN_VERSION },
    );
  }
  const meta = discovered._meta as Record<string, unknown> | undefined;
  return {
    era: "modern",
    protocolVersion: MODERN_VERSION,
    serverInfo: meta?.[MetaKey.serverInfo] as Implementation | undefined,
    capabilities: (discovered.capabilities ?? {}) as ServerCapabilities,
    instructions: typeof discovered.instructions === "string" ? discovered.instructions : undefined,
  };
}

/**
 * `server/discover`, asked once more when the server refuses the version (-32022) but lists it
 * among those it supports: a server that changed its mind (a deploy, a balancer in between).
 */
async function discover(input: HandshakeInput): Promise<Result> {
  const ask = () => input.rpc.request("server/discover", { _meta: input.envelope }, { timeoutMs: input.timeoutMs });
  try {
    return await ask();
  } catch (error) {
    const data = error instanceof McpError ? (error.data as { supported?: unknown } | undefined) : undefined;
    const supported = Array.isArray(data?.supported) ? data.supported : [];
    if (!(error instanceof McpError && error.code === ErrorCode.UnsupportedProtocolVersion && supported.includes(MODERN_VERSION)))
      throw error;
    return ask();
  }
}

async function initialize(input: HandshakeInput): Promise<ServerDescription> {
  const result = await input.rpc.request(
    "initialize",
    {
      protocolVersion: LEGACY_VERSIONS[0],
      capabilities: input.capabilities,
      clientInfo: input.info,
    },
    { timeoutMs: input.timeoutMs },
  );
  const version = result.protocolVersion;
  if (typeof version !== "string" || !(LEGACY_VERSIONS as readonly string[]).includes(version)) {
    throw new McpError(
      ErrorCode.UnsupportedProtocolVersion,
      `The server answered initialize with protocol version ${JSON.stringify(version)}; this client speaks ${LEGACY_VERSIONS.join(", ")}`,
      { supported: [...LEGACY_VERSIONS], requested: version },
    );
  }
  input.rpc.notify("notifications/initialized");
  return {
    era: "legacy",
    protocolVersion: version,
    serverInfo: result.serverInfo as Implementation | undefined,
    capabilities: (result.capabilities ?? {}) as ServerCapabilities,
    instructions: typeof result.instructions === "string" ? result.instructions : undefined,
  };
}
