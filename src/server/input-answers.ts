/**
 * What a client answers to elicitation, sampling and roots comes from the wire (a legacy
 * response, or modern `inputResponses`): its shape is checked before a handler sees it, so a
 * malformed answer is one clear -32602 instead of a TypeError deep in user code.
 */
import { ErrorCode, McpError } from "../protocol/errors.ts";
import { isPlainObject } from "../protocol/jsonrpc.ts";

const ACTIONS = new Set(["accept", "decline", "cancel"]);
const ROLES = new Set(["user", "assistant"]);

const isBlock = (value: unknown) => isPlainObject(value) && typeof value.type === "string";

function problem(method: string, answer: unknown): string | undefined {
  if (!isPlainObject(answer)) return "it is not an object";
  switch (method) {
    case "elicitation/create":
      if (typeof answer.action !== "string" || !ACTIONS.has(answer.action)) return 'its "action" is not "accept", "decline" or "cancel"';
      if (answer.content !== undefined && !isPlainObject(answer.content)) return 'its "content" is not an object';
      return undefined;
    case "sampling/createMessage": {
      if (typeof answer.role !== "string" || !ROLES.has(answer.role)) return 'its "role" is not "user" or "assistant"';
      if (typeof answer.model !== "string") return 'its "model" is not a string';
      const content = answer.content;
      if (!(Array.isArray(content) ? content.every(isBlock) : isBlock(content)))
        return 'its "content" is not a content block (or a list of them)';
      return undefined;
    }
    case "roots/list":
      if (!Array.isArray(answer.roots) || !answer.roots.every((r) => isPlainObject(r) && typeof r.uri === "string")) {
        return 'its "roots" is not a list of {uri}';
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Throws -32602 naming what is wrong with the client's answer to `method`. */
export function checkAnswer(method: string, key: string, answer: unknown): void {
  const fault = problem(method, answer);
  if (fault) throw new McpError(ErrorCode.InvalidParams, `The client's answer to ${method} ("${key}") is malformed: ${fault}`);
}
