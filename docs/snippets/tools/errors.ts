import { readFile } from "node:fs/promises";
import { McpServer, ToolError } from "mcpkit";
import { z } from "zod";

// #region errors
export const mcp = new McpServer({
  name: "files",
  version: "1.0.0",
  maskErrorDetails: true, // unexpected errors say only that the tool failed
});

mcp.tool("read_note", { input: { name: z.string() } }, async ({ name }) => {
  if (!/^[\w-]+$/.test(name)) {
    throw new ToolError("A note name is letters, digits, '-' and '_'"); // always shown to the model
  }
  return await readFile(`notes/${name}.md`, "utf8"); // an ENOENT here is masked
});
// #endregion
