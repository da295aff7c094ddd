/** Every tool module, registered in one place (what `tools/__init__.py` is in the guide). */
import type { McpServer } from "mcpkit";
import { register as registerText } from "./text.ts";
import { register as registerTime } from "./time.ts";

export function register<S>(mcp: McpServer<S>): void {
  registerText(mcp);
  registerTime(mcp);
}
