/** What the primary and the workers of `mcpkit run --workers` say to each other over IPC. */

export type StoreOp =
  { op: "get"; key: string } | { op: "set"; key: string; value: unknown; ttlMs?: number } | { op: "delete"; key: string };

export type ToPrimary = { mcpkit: "store"; id: number; request: StoreOp } | { mcpkit: "bus"; topic: string; event: unknown };

export type ToWorker = { mcpkit: "store-reply"; id: number; value?: unknown } | { mcpkit: "bus"; topic: string; event: unknown };

export const isMessage = (value: unknown): value is { mcpkit: string } =>
  typeof value === "object" && value !== null && typeof (value as { mcpkit?: unknown }).mcpkit === "string";

/** The environment a worker is started with. */
export const WORKER_ENV = "MCPKIT_WORKER";
export const WORKER_SECRET_ENV = "MCPKIT_WORKER_STATE_SECRET";
