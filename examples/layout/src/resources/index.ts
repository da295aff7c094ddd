/** Every resource module, registered in one place. */
import type { McpServer } from "mcpkit";
import { register as registerAbout } from "./about.ts";
import { register as registerTimezones } from "./timezones.ts";

export function register<S>(mcp: McpServer<S>): void {
  registerAbout(mcp);
  registerTimezones(mcp);
}
