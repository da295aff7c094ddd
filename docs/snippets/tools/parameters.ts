import { McpServer } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "search", version: "1.0.0" });

interface Hit { id: number; title: string; score: number }
const search = (query: string): Hit[] => [{ id: 1, title: `About ${query}`, score: 0.9 }];

// #region search
mcp.tool("search_database", {
  description: "Search the database for records matching the query",
  input: {
    query: z.string().min(1).describe("Search query string"),
    limit: z.number().int().min(1).max(100).default(10).describe("Maximum number of results"),
    offset: z.number().int().min(0).default(0).describe("Number of results to skip"),
    sort_by: z.enum(["relevance", "date", "title"]).default("relevance").describe("Field to sort by"),
  },
  annotations: { readOnlyHint: true },
}, ({ query, limit, offset, sort_by }) => {
  // Arguments arrive validated, with defaults applied and types inferred from the schema.
  const hits = search(query);
  if (sort_by === "title") hits.sort((x, y) => x.title.localeCompare(y.title));
  return { results: hits.slice(offset, offset + limit), total: hits.length };
});
// #endregion

// #region output
mcp.tool("word_count", {
  description: "Count the words of a text",
  input: { text: z.string() },
  output: { words: z.number().int(), characters: z.number().int() },
}, ({ text }) => ({ words: text.split(/\s+/).filter(Boolean).length, characters: text.length }));
// #endregion

// #region json-schema
mcp.tool("echo", {
  description: "Echo a message (input given as plain JSON Schema)",
  input: {
    type: "object",
    properties: { message: { type: "string", description: "What to echo" } },
    required: ["message"],
  },
}, (args) => String(args.message));
// #endregion
