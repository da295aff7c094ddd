/** Prompts for working on a text. */
import type { McpServer } from "mcpkit";
import { z } from "zod";

const STYLES = ["bullet points", "one paragraph", "one sentence"];

export function register<S>(mcp: McpServer<S>): void {
  mcp.prompt(
    "summarize_text",
    {
      description: "Ask for a summary of a text in a given style.",
      args: {
        text: z.string().min(1).describe("The text to summarize"),
        style: z
          .string()
          .optional()
          .describe(`How to summarize: ${STYLES.join(", ")}`),
      },
      complete: { style: (value) => STYLES.filter((s) => s.startsWith(value)) },
    },
    ({ text, style = "one paragraph" }) => `Summarize the following text as ${style}:\n\n${text}`,
  );
}
