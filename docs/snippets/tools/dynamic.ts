import { McpServer } from "mcpkit";

export const mcp = new McpServer({ name: "admin", version: "1.0.0" });

// #region handles
const reset = mcp.tool("reset_cache", { description: "Clear the cache", enabled: false }, () => "Cleared");

mcp.tool("login_as_admin", () => {
  reset.enable(); // listed from now on; clients get a list-changed notification
  return "Admin tools enabled";
});
// Later: reset.disable() hides it again, reset.remove() deletes it.
// #endregion
