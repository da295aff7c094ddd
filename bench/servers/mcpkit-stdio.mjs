import { build } from "./mcpkit-server.mjs";

await build().run({ transport: "stdio" });
