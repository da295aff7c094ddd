import { McpServer, assistant, user } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "prompts", version: "1.0.0" });

// #region review
mcp.prompt("review_code", {
  description: "Ask for a code review",
  args: { code: z.string().describe("The code to review") },
}, ({ code }) => `Please review this code:\n\n${code}`); // a string is one user message
// #endregion

// #region search
mcp.prompt("search_query", {
  description: "Search for something, optionally in one category",
  args: {
    query: z.string().describe("What to search for"),
    category: { description: "Where to look (optional)" }, // a plain argument: an optional string
  },
  complete: { category: (typed) => ["docs", "code", "issues"].filter((c) => c.startsWith(typed)) },
}, ({ query, category }) =>
  category ? `Search ${category} for: ${query}` : `Search everything for: ${query}`);
// #endregion

// #region debug
mcp.prompt("debug_error", {
  description: "Work through an error step by step",
  args: { error: z.string().describe("The error message") },
}, ({ error }) => [
  user("I'm seeing this error:"),
  user(error),
  assistant("I'll help debug that. What have you tried so far?"),
]);
// #endregion
