/** The revision that uses per-request `_meta` and no handshake. */
export const MODERN_VERSION = "2026-07-28";

/** Revisions negotiated through `initialize`, newest first. */
export const LEGACY_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"] as const;

export const MODERN_VERSIONS = [MODERN_VERSION] as const;
export const SUPPORTED_VERSIONS: readonly string[] = [...MODERN_VERSIONS, ...LEGACY_VERSIONS];

export type Era = "modern" | "legacy";

export type LegacyVersion = (typeof LEGACY_VERSIONS)[number];

export const isModernVersion = (version: string): boolean => version === MODERN_VERSION;

/** The version a legacy server answers `initialize` with: the client's if known, else the newest. */
export function negotiateLegacyVersion(requested: unknown): LegacyVersion {
  return (LEGACY_VERSIONS as readonly unknown[]).includes(requested) ? (requested as LegacyVersion) : LEGACY_VERSIONS[0];
}

/** Keys of the 2026-07-28 per-request `_meta` envelope. */
export const MetaKey = {
  protocolVersion: "io.modelcontextprotocol/protocolVersion",
  clientCapabilities: "io.modelcontextprotocol/clientCapabilities",
  clientInfo: "io.modelcontextprotocol/clientInfo",
  logLevel: "io.modelcontextprotocol/logLevel",
  serverInfo: "io.modelcontextprotocol/serverInfo",
  subscriptionId: "io.modelcontextprotocol/subscriptionId",
} as const;
