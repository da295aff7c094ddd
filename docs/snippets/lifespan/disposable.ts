import { McpServer } from "mcpkit";

class Cache {
  private readonly entries = new Map<string, string>();
  private readonly timer = setInterval(() => this.entries.clear(), 60_000);
  get(key: string) { return this.entries.get(key); }
  set(key: string, value: string) { this.entries.set(key, value); }
  async [Symbol.asyncDispose]() { clearInterval(this.timer); }
}

// #region disposable
// An async function may return the state instead; if it has Symbol.asyncDispose
// (or Symbol.dispose), that runs on shutdown.
export const mcp = new McpServer({
  name: "cached",
  version: "1.0.0",
  lifespan: async () => new Cache(),
});

mcp.tool("cached_time", (_args, ctx) => {
  const hit = ctx.state.get("time");
  if (hit) return hit;
  const now = new Date().toISOString();
  ctx.state.set("time", now);
  return now;
});
// #endregion
