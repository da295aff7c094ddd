import { McpServer, ToolError } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "summaries", version: "1.0.0" });

// #region sample
mcp.tool("summarize", { input: { text: z.string() } }, async ({ text }, ctx) => {
  if (!ctx.hasCapability("sampling")) throw new ToolError("This client cannot run a model for the server");
  const result = await ctx.sample(`Summarize in one sentence:\n\n${text}`, {
    maxTokens: 200,
    systemPrompt: "You write short, factual summaries.",
  });
  const first = Array.isArray(result.content) ? result.content[0] : result.content;
  return first?.type === "text" ? String(first.text) : "The model did not answer with text";
});
// #endregion
