import { McpServer } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "context", version: "1.0.0" });

// #region logging
mcp.tool("import_data", { input: { url: z.string().url() } }, async ({ url }, ctx) => {
  ctx.log.info(`Importing ${url}`);                       // sent to the client, if it asked for logs
  ctx.log.debug("request details", { requestId: ctx.requestId }); // a message plus structured data
  const response = await fetch(url, { signal: ctx.signal });
  if (!response.ok) ctx.log.warning(`Upstream answered ${response.status}`);
  return `Imported ${(await response.text()).length} bytes`;
});
// #endregion
