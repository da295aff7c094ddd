import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { build } from "./sdk-v2-server.mjs";

serveStdio(build);
