/**
 * Streamable HTTP for mcpkit (`mcpkit/http`): one endpoint serving both protocol eras,
 * behind a node:http handler, a web-standard fetch handler, or a ready-made server.
 */
export { createNodeHandler, serveHttp } from "./node.ts";
export type { NodeHandler, HttpServerHandle } from "./node.ts";
export { createFetchHandler } from "./fetch.ts";
export type { FetchHandler } from "./fetch.ts";
export { closeSseStream } from "./legacy-call.ts";
export { HttpTransportCore } from "./handler.ts";
export type { HttpExchange, CloseWatcher, HeaderMap } from "./exchange.ts";
export type { HttpRoute, HttpRouteAnswer } from "./routes.ts";
export { HttpError } from "../../protocol/errors.ts";
export type { HttpOptions, ServeHttpOptions, SessionOptions, ResumabilityOptions, CorsOptions } from "./options.ts";
