import type { InputRequest } from "../protocol/types.ts";

/**
 * Thrown inside a handler on the modern era when it needs answers the client has not given
 * yet. The modern codec catches it and answers the round with `input_required`.
 */
export class InputRequiredSignal {
  readonly inputRequests: Record<string, InputRequest>;
  constructor(inputRequests: Record<string, InputRequest>) {
    this.inputRequests = inputRequests;
  }
}

/** Client capability each kind of input request needs, for the -32021 error data. */
export function requiredCapability(request: InputRequest): Record<string, object> {
  switch (request.method) {
    case "elicitation/create":
      return request.params.mode === "url" ? { elicitation: { url: {} } } : { elicitation: {} };
    case "sampling/createMessage":
      return request.params.tools ? { sampling: { tools: {} } } : { sampling: {} };
    case "roots/list":
      return { roots: {} };
  }
}
