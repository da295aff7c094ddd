// server.ts: the server under test.
import { pathToFileURL } from "node:url";
import { McpServer, ToolError } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "calculator", version: "1.0.0" });
let memory = 0;

mcp.tool("divide", { input: { a: z.number(), b: z.number() } }, ({ a, b }) => {
  if (b === 0) throw new ToolError("Cannot divide by zero");
  return String(a / b);
});

mcp.tool("clear_memory", async (_args, ctx) => {
  const answer = await ctx.elicit("Clear the memory?", { confirm: z.boolean() });
  if (answer.action !== "accept" || !answer.content.confirm) return "Kept";
  memory = 0;
  return `Cleared (memory is ${memory})`;
});

mcp.tool("explain", { input: { expression: z.string() } }, async ({ expression }, ctx) => {
  const result = await ctx.sample(`Explain ${expression} to a child`, { maxTokens: 100 });
  const content = Array.isArray(result.content) ? result.content[0] : result.content;
  return content?.type === "text" ? String(content.text) : "The model did not answer with text";
});

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
