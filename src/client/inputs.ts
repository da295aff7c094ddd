/**
 * Answers what a server asks of the client: modern `inputRequests` entries and legacy
 * server-to-client requests go through the same handlers.
 */
import { ErrorCode, McpError } from "../protocol/errors.ts";
import type { CreateMessageRequestParams, ElicitRequestParams, Root } from "../protocol/types.ts";
import type { Result } from "./rpc.ts";
import type { ClientOptions, InputContext } from "./types.ts";

const HANDLER_NAME: Record<string, string> = {
  "elicitation/create": "onElicit",
  "sampling/createMessage": "onSample",
  "roots/list": "onRoots",
};

export async function answerInput(method: string, params: unknown, options: ClientOptions, ctx: InputContext): Promise<Result> {
  switch (method) {
    case "elicitation/create":
      if (options.onElicit) return { ...(await options.onElicit(params as ElicitRequestParams, ctx)) };
      break;
    case "sampling/createMessage":
      if (options.onSample) return { ...(await options.onSample(params as CreateMessageRequestParams, ctx)) };
      break;
    case "roots/list":
      if (options.onRoots) {
        const answer = await options.onRoots(ctx);
        return Array.isArray(answer) ? { roots: answer as Root[] } : { ...answer };
      }
      break;
    case "ping":
      return {};
  }
  const handler = HANDLER_NAME[method];
  throw new McpError(
    ErrorCode.MethodNotFound,
    handler ? `The server asked for ${method}, but this client has no ${handler} handler` : `The client does not handle ${method}`,
  );
}
