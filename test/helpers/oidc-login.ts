/**
 * Drives oidc-provider's development login and consent pages the way a browser would, with
 * fetch and a cookie jar: follows the authorization URL to the redirect back to the client,
 * and returns that URL (with `code` and `state`). Headless authorization code flow for tests.
 */
export async function loginAndConsent(authorizationUrl: string, login = "ada", redirectPrefix?: string): Promise<URL> {
  const jar = new Map<string, string>();
  const cookies = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (res: Response) => {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  };
  let url = new URL(authorizationUrl);
  let method = "GET";
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (redirectPrefix && url.href.startsWith(redirectPrefix)) return url;
    const res = await fetch(url, {
      method,
      redirect: "manual",
      headers: { cookie: cookies(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body,
    });
    keep(res);
    method = "GET";
    body = undefined;
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location")!, url);
      await res.arrayBuffer();
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`login step ${step}: HTTP ${res.status} at ${url.href}: ${html.slice(0, 300)}`);
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) {
      if (!redirectPrefix) return url;
      throw new Error(`login step ${step}: no form at ${url.href}: ${html.slice(0, 300)}`);
    }
    const fields = new URLSearchParams();
    for (const input of form[2].matchAll(/<input[^>]*>/gi)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      if (!name) continue;
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
      fields.set(name, name === "login" ? login : name === "password" ? "any-password" : value);
    }
    url = new URL(form[1].replace(/&amp;/g, "&"), url);
    method = "POST";
    body = fields;
  }
  throw new Error("login did not finish in 20 steps");
}
