import { build } from "./fastmcp-server.mjs";

await build().start({ transportType: "stdio" });
