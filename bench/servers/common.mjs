/**
 * What every bench server shares: how many extra tools to register (TOOLS=N for the scaling
 * runs), the port to listen on, and the readiness line the driver waits for. The tool set is
 * the same everywhere: `echo` returns its `text` argument as one text block, and TOOLS-1
 * filler tools `tool_1..` with the same schema shape pad the registry.
 */
export const toolCount = Math.max(1, Number(process.env.TOOLS ?? 1));
export const port = Number(process.env.PORT ?? 0);
export const host = "127.0.0.1";

/** Names and descriptions of the filler tools (echo is always registered first). */
export function fillerTools() {
  const out = [];
  for (let i = 1; i < toolCount; i++) {
    out.push({
      name: `tool_${i}`,
      description: `Filler tool number ${i}: returns its text argument unchanged, for registry scaling runs.`,
    });
  }
  return out;
}

export const ECHO_DESCRIPTION = "Returns its text argument unchanged.";

/** The driver reads this line from stdout (HTTP servers only; stdout is the wire for stdio). */
export function ready(actualPort) {
  process.stdout.write(`READY ${actualPort}\n`);
}

// Lets the driver ask for a full GC before reading RSS (servers run with --expose-gc).
if (typeof globalThis.gc === "function") process.on("SIGUSR2", () => globalThis.gc());
