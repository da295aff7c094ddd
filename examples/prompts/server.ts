/**
 * Prompts: reusable message templates the user picks in the client. `search_query` is a
 * single message; `debug_error` starts a conversation with user and assistant turns.
 */
import { pathToFileURL } from "node:url";
import { McpServer, assistant, user } from "mcpkit";
import { z } from "zod";

/** Languages offered while the user types `language` (any other value is accepted too). */
export const LANGUAGES = [
  "bash",
  "c",
  "c#",
  "c++",
  "go",
  "java",
  "javascript",
  "kotlin",
  "python",
  "ruby",
  "rust",
  "sql",
  "swift",
  "typescript",
];

/** Adds the `search_query` and `debug_error` prompts to `mcp`. */
export function registerPrompts<S>(mcp: McpServer<S>): void {
  mcp.prompt(
    "search_query",
    {
      title: "Search query",
      description: "Ask the model to search for information about a topic.",
      args: { query: z.string().min(1).describe("What to search for") },
    },
    ({ query }) =>
      ["Please search for information about:", "", query, "", "Focus on the most relevant and up-to-date information."].join("\n"),
  );

  mcp.prompt(
    "debug_error",
    {
      title: "Debug an error",
      description: "Start a debugging conversation about an error message.",
      args: {
        error: z.string().min(1).describe("The error message or stack trace"),
        language: z.string().optional().describe("Programming language or tool that raised it"),
      },
      complete: { language: (value) => LANGUAGES.filter((l) => l.startsWith(value.toLowerCase())) },
    },
    ({ error, language }) => [
      user(`I'm getting this error${language ? ` in ${language}` : ""}:\n\n\`\`\`\n${error}\n\`\`\``),
      assistant("Let me help debug that. What have you tried so far, and what did you expect to happen?"),
    ],
  );
}

export const mcp = new McpServer({ name: "prompts", version: "1.0.0" });
registerPrompts(mcp);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
