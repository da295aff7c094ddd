/**
 * A calculator: the guide's `calculate(operation, a, b)`, and one tool per operation (the
 * guide's math module). Dividing by zero is a `ToolError`, which the client receives as an
 * `isError` result the model can read, not as a protocol failure.
 */
import { pathToFileURL } from "node:url";
import { McpServer, ToolError } from "mcpkit";
import { z } from "zod";

const numbers = {
  a: z.number().describe("First number"),
  b: z.number().describe("Second number"),
};
// Pure functions of their input: clients may call them freely and cache the answers.
const annotations = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };

const OPERATIONS = {
  add: (a: number, b: number) => a + b,
  subtract: (a: number, b: number) => a - b,
  multiply: (a: number, b: number) => a * b,
  divide: (a: number, b: number) => {
    if (b === 0) throw new ToolError("Cannot divide by zero");
    return a / b;
  },
};
const OPERATION_NAMES = Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[];

/** Adds the guide's `calculate` tool, and add, subtract, multiply and divide, to `mcp`. */
export function registerCalculator<S>(mcp: McpServer<S>): void {
  // The guide's basic tool: one operation named by the caller. An unknown one is refused by
  // the schema (an enum), with the list of valid ones, before the handler runs.
  mcp.tool(
    "calculate",
    {
      description: "Perform basic arithmetic operations.",
      input: {
        operation: z.enum(OPERATION_NAMES).describe("The operation to perform (add, subtract, multiply, divide)"),
        ...numbers,
      },
      annotations,
    },
    ({ operation, a, b }) => String(OPERATIONS[operation](a, b)),
  );

  mcp.tool("add", { description: "Add two numbers.", input: numbers, annotations }, ({ a, b }) => String(a + b));
  mcp.tool("subtract", { description: "Subtract b from a.", input: numbers, annotations }, ({ a, b }) => String(a - b));
  mcp.tool("multiply", { description: "Multiply two numbers.", input: numbers, annotations }, ({ a, b }) => String(a * b));
  mcp.tool(
    "divide",
    {
      description: "Divide a by b. Fails with a clear message when b is zero.",
      input: { a: z.number().describe("Numerator"), b: z.number().describe("Denominator") },
      annotations,
    },
    ({ a, b }) => {
      if (b === 0) throw new ToolError("Cannot divide by zero");
      return String(a / b);
    },
  );
}

export const mcp = new McpServer({ name: "calculator", version: "1.0.0" });
registerCalculator(mcp);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
