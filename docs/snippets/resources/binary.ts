import { readFile } from "node:fs/promises";
import { McpServer } from "mcpkit";

export const mcp = new McpServer({ name: "images", version: "1.0.0" });

// #region binary
mcp.resource("images://logo", { description: "The company logo", mimeType: "image/png" },
  async () => await readFile("assets/logo.png")); // bytes are sent as a base64 blob
// #endregion

// #region updates
let status = "idle";
mcp.resource("status://job", { mimeType: "text/plain" }, () => status);

export function setStatus(next: string) {
  status = next;
  mcp.notifyResourceUpdated("status://job"); // subscribed clients re-read it
}
// #endregion
