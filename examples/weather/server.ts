/**
 * Weather: async tools that call an upstream HTTP API (Open-Meteo's geocoding and forecast
 * endpoints by default) with a timeout, turning every upstream failure into a clear tool
 * error the model can read instead of a stack trace.
 *
 *   npm run mcpkit -- run examples/weather/server.ts
 *   WEATHER_API_URL=http://127.0.0.1:8080 node --conditions=mcpkit-source --import tsx examples/weather/server.ts
 */
import { pathToFileURL } from "node:url";
import { McpServer, ToolError, type Context } from "mcpkit";
import { z } from "zod";

export interface WeatherOptions {
  /**
   * One base URL serving `/v1/search` (geocoding) and `/v1/forecast`, e.g. a stub or a
   * self-hosted Open-Meteo. Default: env WEATHER_API_URL, else Open-Meteo's public hosts.
   */
  baseUrl?: string;
  /** How long one upstream request may take (default: env WEATHER_TIMEOUT_MS, else 10 s). */
  timeoutMs?: number;
}

const OPEN_METEO = {
  geocoding: "https://geocoding-api.open-meteo.com/v1/search",
  forecast: "https://api.open-meteo.com/v1/forecast",
};

/** WMO weather interpretation codes, as Open-Meteo reports them. */
const CONDITIONS: Record<number, string> = {
  0: "Clear sky",
  1: "Mainly clear",
  2: "Partly cloudy",
  3: "Overcast",
  45: "Fog",
  48: "Depositing rime fog",
  51: "Light drizzle",
  53: "Moderate drizzle",
  55: "Dense drizzle",
  56: "Light freezing drizzle",
  57: "Dense freezing drizzle",
  61: "Slight rain",
  63: "Moderate rain",
  65: "Heavy rain",
  66: "Light freezing rain",
  67: "Heavy freezing rain",
  71: "Slight snow",
  73: "Moderate snow",
  75: "Heavy snow",
  77: "Snow grains",
  80: "Slight rain showers",
  81: "Moderate rain showers",
  82: "Violent rain showers",
  85: "Slight snow showers",
  86: "Heavy snow showers",
  95: "Thunderstorm",
  96: "Thunderstorm with slight hail",
  99: "Thunderstorm with heavy hail",
};
const describeCode = (code: number) => CONDITIONS[code] ?? `Unknown (WMO code ${code})`;

// What we read from the upstream answers; anything else in them is ignored.
const GeocodingAnswer = z.object({
  results: z
    .array(
      z.object({
        name: z.string(),
        latitude: z.number(),
        longitude: z.number(),
        country: z.string().optional(),
        timezone: z.string().optional(),
      }),
    )
    .optional(),
});
const CurrentAnswer = z.object({
  current: z.object({
    time: z.string(),
    temperature_2m: z.number(),
    relative_humidity_2m: z.number(),
    wind_speed_10m: z.number(),
    weather_code: z.number(),
  }),
});
const DailyAnswer = z.object({
  daily: z.object({
    // Open-Meteo sends null where it has no data for a day.
    time: z.array(z.string()),
    temperature_2m_max: z.array(z.number().nullable()),
    temperature_2m_min: z.array(z.number().nullable()),
    precipitation_sum: z.array(z.number().nullable()),
    weather_code: z.array(z.number().nullable()),
  }),
});

type Place = { name: string; country: string | undefined; latitude: number; longitude: number };

/**
 * A signal that aborts after `ms` (a TimeoutError) or with `outer`. A timer of our own holds
 * it: an `AbortSignal.timeout()` referenced only from `AbortSignal.any()` can be garbage
 * collected before it fires, and the request then waits for ever. It covers the whole
 * exchange, the body included; unref'd, it never keeps the process up.
 */
function withDeadline(ms: number, outer?: AbortSignal): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException(`Timed out after ${ms} ms`, "TimeoutError")), ms).unref();
  return outer ? AbortSignal.any([controller.signal, outer]) : controller.signal;
}

/** Adds the guide's `fetch_weather`, and `get_weather` and `get_forecast`, to `mcp`. */
export function registerWeather<S>(mcp: McpServer<S>, options: WeatherOptions = {}): void {
  const base = (options.baseUrl ?? process.env.WEATHER_API_URL)?.replace(/\/+$/, "");
  const endpoints = base ? { geocoding: `${base}/v1/search`, forecast: `${base}/v1/forecast` } : OPEN_METEO;
  const timeoutMs = options.timeoutMs ?? (Number(process.env.WEATHER_TIMEOUT_MS) || 10_000);

  /** GETs JSON from the upstream, or throws a ToolError saying what went wrong. */
  async function getJson<T>(url: URL, schema: z.ZodType<T>, ctx: Context<S>): Promise<T> {
    // Give up on our timeout, or as soon as the client cancels the call.
    const signal = withDeadline(timeoutMs, ctx.signal);
    let response: Response;
    try {
      response = await fetch(url, { signal, headers: { accept: "application/json" } });
    } catch (error) {
      if (error instanceof Error && error.name === "TimeoutError") {
        throw new ToolError(`The weather service did not answer within ${timeoutMs} ms; try again later`);
      }
      if (ctx.signal.aborted) throw new ToolError("The request was cancelled");
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new ToolError(`Could not reach the weather service at ${url.origin}: ${cause}`);
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      if (error instanceof Error && error.name === "TimeoutError") {
        throw new ToolError(`The weather service did not finish answering within ${timeoutMs} ms; try again later`);
      }
      throw new ToolError("The weather service's answer was cut off");
    }
    if (!response.ok) {
      // Open-Meteo explains bad requests as {"error": true, "reason": "..."}.
      let reason = "";
      try {
        reason = String((JSON.parse(body) as { reason?: unknown }).reason ?? "");
      } catch {
        /* not JSON: no reason */
      }
      throw new ToolError(
        `The weather service answered HTTP ${response.status}${reason ? `: ${reason}` : ` (${response.statusText || "error"})`}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new ToolError("The weather service sent an answer that is not valid JSON");
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ToolError("The weather service sent an answer in an unexpected shape");
    return parsed.data;
  }

  async function locate(city: string, ctx: Context<S>): Promise<Place> {
    const url = new URL(endpoints.geocoding);
    url.search = new URLSearchParams({ name: city, count: "1", language: "en", format: "json" }).toString();
    const place = (await getJson(url, GeocodingAnswer, ctx)).results?.[0];
    if (!place) throw new ToolError(`Unknown city: "${city}". Check the spelling or add the country, e.g. "Paris, France"`);
    return { name: place.name, country: place.country, latitude: place.latitude, longitude: place.longitude };
  }

  function forecastUrl(place: Place, params: Record<string, string>): URL {
    const url = new URL(endpoints.forecast);
    url.search = new URLSearchParams({
      latitude: String(place.latitude),
      longitude: String(place.longitude),
      timezone: "auto",
      ...params,
    }).toString();
    return url;
  }

  const city = z.string().trim().min(1).max(100).describe('City name, e.g. "Berlin" or "Paris, France"');

  async function currentWeather(city: string, ctx: Context<S>) {
    const place = await locate(city, ctx);
    const params = { current: "temperature_2m,relative_humidity_2m,wind_speed_10m,weather_code" };
    return { place, current: (await getJson(forecastUrl(place, params), CurrentAnswer, ctx)).current };
  }

  // The guide's async tool, with its one-line answer; get_weather below gives the same as data.
  mcp.tool(
    "fetch_weather",
    {
      description: "Fetch weather information for a city.",
      input: { city },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ city }, ctx) => {
      const { current } = await currentWeather(city, ctx);
      return `Temperature: ${current.temperature_2m}°C, Conditions: ${describeCode(current.weather_code)}`;
    },
  );

  mcp.tool(
    "get_weather",
    {
      description: "Current weather for a city: temperature, conditions, humidity and wind.",
      input: { city },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ city }, ctx) => {
      const { place, current } = await currentWeather(city, ctx);
      return {
        city: place.name,
        country: place.country ?? null,
        time: current.time,
        temperature_c: current.temperature_2m,
        conditions: describeCode(current.weather_code),
        humidity_percent: current.relative_humidity_2m,
        wind_speed_kmh: current.wind_speed_10m,
      };
    },
  );

  mcp.tool(
    "get_forecast",
    {
      description: "Daily forecast for a city: highs, lows, precipitation and conditions for the next days.",
      input: { city, days: z.number().int().min(1).max(16).default(3).describe("Number of days (1-16)") },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ city, days }, ctx) => {
      const place = await locate(city, ctx);
      const params = {
        daily: "temperature_2m_max,temperature_2m_min,precipitation_sum,weather_code",
        forecast_days: String(days),
      };
      const { daily } = await getJson(forecastUrl(place, params), DailyAnswer, ctx);
      return {
        city: place.name,
        country: place.country ?? null,
        days: daily.time.slice(0, days).map((date, i) => ({
          date,
          high_c: daily.temperature_2m_max[i] ?? null,
          low_c: daily.temperature_2m_min[i] ?? null,
          precipitation_mm: daily.precipitation_sum[i] ?? null,
          conditions: describeCode(daily.weather_code[i] ?? -1),
        })),
      };
    },
  );
}

export const mcp = new McpServer({
  name: "weather",
  version: "0.1.0",
  instructions: "Current weather and daily forecasts for cities worldwide.",
});
registerWeather(mcp);

// Serve when run directly; stay importable for tests and the showcase.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
