/**
 * With `maskErrorDetails`, a client sees only "Error calling tool ..."; the person running the
 * server still needs the real error. `mcpkit run --verbose` sets this hook (on globalThis, so
 * any copy of mcpkit sees it) and prints what the client was not shown, stack included, to
 * stderr. Without the hook nothing is kept or printed.
 */
export const MASKED_ERROR_HOOK = Symbol.for("mcpkit.maskedError");

export function reportMaskedError(kind: string, name: string, error: unknown): void {
  const hook = (globalThis as Record<symbol, unknown>)[MASKED_ERROR_HOOK];
  if (typeof hook === "function") hook(kind, name, error);
}
