/** Tools that work on a piece of text. */
import type { McpServer } from "mcpkit";
import { z } from "zod";

const pure = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };

export function register<S>(mcp: McpServer<S>): void {
  mcp.tool(
    "word_count",
    {
      description: "Count the words, characters and lines of a text.",
      input: { text: z.string().describe("The text to measure") },
      output: { words: z.number(), characters: z.number(), lines: z.number() },
      annotations: pure,
    },
    ({ text }) => ({
      words: text.split(/\s+/).filter(Boolean).length,
      characters: [...text].length,
      lines: text === "" ? 0 : text.split(/\r\n|\r|\n/).length,
    }),
  );

  mcp.tool(
    "slugify",
    {
      description: "Turn a title into a URL slug (lowercase ASCII words joined by dashes).",
      input: { text: z.string().describe("The title to turn into a slug") },
      annotations: pure,
    },
    ({ text }) =>
      text
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, ""),
  );
}
