/**
 * The showcase: one server with the guide's examples. `npm start` serves it over Streamable
 * HTTP on http://127.0.0.1:8000/mcp; `npm start -- --transport stdio` over stdio.
 */
import { pathToFileURL } from "node:url";
import { McpServer, ToolError, user, assistant } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({
  name: "mcpkit-showcase",
  version: "0.1.0",
  instructions: "Examples from the mcpkit guide: greetings, a calculator, resources and prompts.",
});

mcp.tool("hello", {
  description: "Say hello to a name.",
  input: { name: z.string().default("World").describe("The name to greet") },
  annotations: { readOnlyHint: true },
}, ({ name }) => `Hello, ${name}!`);

const numbers = { a: z.number().describe("First number"), b: z.number().describe("Second number") };
mcp.tool("add", { description: "Add two numbers.", input: numbers }, ({ a, b }) => String(a + b));
mcp.tool("subtract", { description: "Subtract b from a.", input: numbers }, ({ a, b }) => String(a - b));
mcp.tool("multiply", { description: "Multiply two numbers.", input: numbers }, ({ a, b }) => String(a * b));
mcp.tool("divide", { description: "Divide a by b.", input: numbers }, ({ a, b }) => {
  if (b === 0) throw new ToolError("Cannot divide by zero");
  return String(a / b);
});

mcp.resource("config://app", { description: "The showcase's configuration", mimeType: "application/json" },
  () => ({ name: "mcpkit-showcase", features: ["tools", "resources", "prompts"] }));
mcp.resource("greeting://{name}", { description: "A personal greeting", mimeType: "text/plain" },
  ({ name }) => `Hello, ${name}! Welcome to mcpkit.`);

mcp.prompt("review_code", {
  description: "Ask for a code review.",
  args: { code: z.string().describe("The code to review") },
}, ({ code }) => `Please review this code:\n\n${code}`);

mcp.prompt("debug_error", {
  description: "Work through an error message step by step.",
  args: { error: z.string().describe("The error message") },
}, ({ error }) => [
  user("I'm seeing this error:"),
  user(error),
  assistant("I'll help debug that. What have you tried so far?"),
]);

// Serve when run directly; stay importable for tests.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
