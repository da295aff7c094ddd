import { McpServer } from "mcpkit";

export const mcp = new McpServer({ name: "more", version: "1.0.0" });
mcp.resource("config://app", () => ({ region: "eu" }));

// #region more
mcp.tool("whoami", async (_args, ctx) => {
  const [config] = await ctx.readResource("config://app"); // one of this server's own resources
  return {
    era: ctx.client.era,                 // "modern" or "legacy"
    protocol: ctx.client.protocolVersion,
    client: ctx.client.info?.name,
    httpUserAgent: ctx.request?.headers["user-agent"], // only over HTTP
    config: "text" in config ? config.text : undefined,
  };
});
// #endregion
