/**
 * Lifespan: setup that runs once before the server answers, yields state every handler
 * sees as `ctx.state`, and is torn down on close. Either an async generator (code after
 * `yield` is the teardown, like Python's asynccontextmanager) or an async function whose
 * value may be disposable.
 */
export type Lifespan<State> = () => AsyncGenerator<State, void, void> | Promise<State> | State;

export interface RunningLifespan<State> {
  state: State;
  stop(): Promise<void>;
}

const isAsyncGenerator = (value: unknown): value is AsyncGenerator =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as AsyncGenerator).next === "function" &&
  typeof (value as AsyncGenerator).return === "function" &&
  Symbol.asyncIterator in value;

export async function startLifespan<State>(lifespan: Lifespan<State> | undefined): Promise<RunningLifespan<State>> {
  if (!lifespan) return { state: undefined as State, stop: async () => {} };
  const produced = lifespan();
  if (isAsyncGenerator(produced)) {
    const first = await produced.next();
    if (first.done) throw new Error("The lifespan generator finished without yielding its state");
    return {
      state: first.value as State,
      stop: async () => {
        await produced.return(undefined);
      },
    };
  }
  const state = await produced;
  return {
    state,
    stop: async () => {
      const disposable = state as { [Symbol.asyncDispose]?: () => Promise<void>; [Symbol.dispose]?: () => void } | undefined;
      const asyncDispose = (Symbol as { asyncDispose?: symbol }).asyncDispose;
      const dispose = (Symbol as { dispose?: symbol }).dispose;
      if (asyncDispose && typeof (disposable as Record<symbol, unknown>)?.[asyncDispose] === "function") {
        await (disposable as Record<symbol, () => Promise<void>>)[asyncDispose]();
      } else if (dispose && typeof (disposable as Record<symbol, unknown>)?.[dispose] === "function") {
        (disposable as Record<symbol, () => void>)[dispose]();
      }
    },
  };
}
