import type { Context } from "./context.ts";

export type OperationResult = Record<string, unknown>;

/**
 * Wraps an operation: call `next()` to run the rest of the chain and the handler, and
 * return its result (or a different one). Throwing an `McpError` answers with that error.
 */
export type Middleware<State = unknown> = (ctx: Context<State>, next: () => Promise<OperationResult>) => Promise<OperationResult>;

interface Registered {
  method: string | undefined;
  fn: Middleware<never>;
}

/** Middleware in registration order, composed once per method and cached. */
export class MiddlewareStack {
  private readonly entries: Registered[] = [];
  private readonly chains = new Map<string, Middleware<never>[]>();

  add(method: string | undefined, fn: Middleware<never>): void {
    this.entries.push({ method, fn });
    this.chains.clear();
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  run(method: string, ctx: Context<never>, operation: () => Promise<OperationResult>): Promise<OperationResult> {
    let chain = this.chains.get(method);
    if (!chain) {
      chain = this.entries.filter((e) => e.method === undefined || e.method === method).map((e) => e.fn);
      this.chains.set(method, chain);
    }
    const list = chain;
    const dispatch = (index: number): Promise<OperationResult> =>
      index === list.length ? operation() : list[index](ctx, () => dispatch(index + 1));
    return dispatch(0);
  }
}
