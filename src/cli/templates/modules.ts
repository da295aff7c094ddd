/**
 * The tool, resource and prompt modules of a new project. Each exports `register(mcp)`, so
 * the server entry decides what it serves and tests can build a server from any subset.
 */
export const greetingTool = `import type { McpServer } from "mcpkit";
import { z } from "zod";

export function register(mcp: McpServer): void {
  mcp.tool("hello", {
    description: "Say hello to a name.",
    input: { name: z.string().default("World").describe("The name to greet") },
    annotations: { readOnlyHint: true },
  }, ({ name }) => \`Hello, \${name}!\`);
}
`;

export const calculatorTool = `import { ToolError, type McpServer } from "mcpkit";
import { z } from "zod";

const numbers = { a: z.number().describe("First number"), b: z.number().describe("Second number") };

export function register(mcp: McpServer): void {
  mcp.tool("add", { description: "Add two numbers.", input: numbers }, ({ a, b }) => String(a + b));

  mcp.tool("divide", { description: "Divide a by b.", input: numbers }, ({ a, b }) => {
    // A ToolError is shown to the model as a failed call with this message.
    if (b === 0) throw new ToolError("Cannot divide by zero");
    return String(a / b);
  });
}
`;

export const appResources = `import type { McpServer } from "mcpkit";

export function register(mcp: McpServer): void {
  mcp.resource("config://app", { description: "The server's settings", mimeType: "application/json" },
    () => ({ features: ["tools", "resources", "prompts"] }));

  // A template: clients read greeting://Ada, greeting://Grace, ...
  mcp.resource("greeting://{name}", { description: "A personal greeting", mimeType: "text/plain" },
    ({ name }) => \`Hello, \${name}! Welcome.\`);
}
`;

export const reviewPrompts = `import { assistant, user, type McpServer } from "mcpkit";
import { z } from "zod";

export function register(mcp: McpServer): void {
  mcp.prompt("review_code", {
    description: "Ask for a code review.",
    args: { code: z.string().describe("The code to review") },
  }, ({ code }) => \`Please review this code:\\n\\n\${code}\`);

  mcp.prompt("debug_error", {
    description: "Work through an error message step by step.",
    args: { error: z.string().describe("The error message") },
  }, ({ error }) => [
    user(\`I'm seeing this error: \${error}\`),
    assistant("I'll help debug that. What have you tried so far?"),
  ]);
}
`;
