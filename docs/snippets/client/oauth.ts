import { Client, FileTokenStore, HttpClientTransport, OAuthClient, type HttpAuthorizer } from "mcpkit/client";

declare function openInBrowserAndWaitForRedirect(url: URL): Promise<string>;

export async function user() {
  // #region user
  const auth = new OAuthClient({
    redirectUrl: "http://127.0.0.1:8765/callback", // registered with the authorization server
    authorize: (authorizationUrl) => openInBrowserAndWaitForRedirect(authorizationUrl), // resolves with the redirect URL
    store: new FileTokenStore("/home/ada/.config/my-app/auth.json"), // default: in memory
  });
  const client = new Client({ name: "my-app", version: "1.0.0" });
  await client.connect(new HttpClientTransport("https://notes.example.com/mcp", { auth }));
  // #endregion
  await client.close();
}

export async function machine() {
  // #region machine
  const auth = new OAuthClient({
    grant: "client_credentials",
    clientId: "nightly-report",
    clientSecret: process.env.REPORT_CLIENT_SECRET,
  });
  const client = new Client({ name: "nightly-report", version: "1.0.0" });
  await client.connect(new HttpClientTransport("https://notes.example.com/mcp", { auth }));
  // #endregion
  await client.close();
}

// #region authorizer
/** A token from somewhere else (a vault, a sidecar); asked for again when the server refuses it. */
function vaultAuthorizer(fetchToken: () => Promise<string>): HttpAuthorizer {
  let token: Promise<string> | undefined;
  return {
    authorization: async () => `Bearer ${await (token ??= fetchToken())}`,
    challenge: async (response, _url, attempt) => {
      if (response.status !== 401 || attempt > 0) return false; // give up: the caller sees the 401
      token = fetchToken();
      return true; // send the request again
    },
  };
}
// #endregion

export { vaultAuthorizer };
