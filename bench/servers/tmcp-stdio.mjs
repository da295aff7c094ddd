import { StdioTransport } from "@tmcp/transport-stdio";
import { build } from "./tmcp-server.mjs";

new StdioTransport(build()).listen();
