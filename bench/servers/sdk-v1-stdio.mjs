import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { build } from "./sdk-v1-server.mjs";

await build().connect(new StdioServerTransport());
