import { createRequire } from "node:module";

// node:crypto takes milliseconds to load and most servers never sign a requestState or see a
// token, so it is loaded on first use rather than at start-up.
let loaded: typeof import("node:crypto") | undefined;
export const nodeCrypto = () => (loaded ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto"));
