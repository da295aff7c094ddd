/** Every prompt module, registered in one place. */
import type { McpServer } from "mcpkit";
import { register as registerWriting } from "./writing.ts";

export function register<S>(mcp: McpServer<S>): void {
  registerWriting(mcp);
}
