/**
 * A stand-in for the user's browser, for `BROWSER=... mcpkit login`: given the sign-in URL, it
 * goes through oidc-provider's login and consent pages headless, then follows the redirect to
 * the CLI's loopback callback, as a browser would. Each run appends a line to $HEADLESS_BROWSER_LOG.
 */
import { appendFileSync } from "node:fs";
import { loginAndConsent } from "./oidc-login.ts";

const url = process.argv[2];
if (!url) throw new Error("headless-browser: give the URL");
if (process.env.HEADLESS_BROWSER_LOG) appendFileSync(process.env.HEADLESS_BROWSER_LOG, `${url}\n`);
const callback = await loginAndConsent(url, "ada", `http://127.0.0.1:${process.env.MCPKIT_CALLBACK_PORT}/callback`);
const res = await fetch(callback);
await res.text();
