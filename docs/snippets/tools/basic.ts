import { pathToFileURL } from "node:url";
import { McpServer, ToolError } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "calculator", version: "1.0.0" });

// #region add
mcp.tool("add", {
  description: "Add two numbers",
  input: {
    a: z.number().describe("First number"),
    b: z.number().describe("Second number"),
  },
}, ({ a, b }) => String(a + b));
// #endregion

// #region divide
mcp.tool("divide", {
  description: "Divide a by b",
  input: { a: z.number(), b: z.number() },
}, ({ a, b }) => {
  if (b === 0) throw new ToolError("Cannot divide by zero");
  return String(a / b);
});
// #endregion

// #region run
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
// #endregion
