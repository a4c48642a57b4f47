// The REST client, as the Mattermost web app talks to the server: same-origin cookies (the session cookie is
// HttpOnly and never seen here), `X-Requested-With: XMLHttpRequest` so logins set those cookies, and the
// `MMCSRF` cookie's value as `X-CSRF-Token` on everything but GET. Errors arrive in Mattermost's shape
// `{id, message, detailed_error, request_id, status_code}` and are thrown as `ApiError`.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.id = (body && body.id) || "";
    this.detail = (body && body.detailed_error) || "";
    this.requestId = (body && body.request_id) || "";
  }
}

/** A cookie's value, or "". */
export function cookie(name) {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return "";
}

const base = "/api/v4";

/** One request; resolves to the parsed JSON (or null for an empty body), rejects with `ApiError`. */
export async function request(method, path, body) {
  const headers = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"};
  if (method !== "GET") headers["X-CSRF-Token"] = cookie("MMCSRF");
  let payload;
  if (body instanceof Blob || body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(base + path, {method, headers, body: payload, credentials: "same-origin"});
  } catch (error) {
    throw new ApiError(0, {id: "web.network", message: String(error && error.message || error)});
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = (path) => request("GET", path);
export const post = (path, body) => request("POST", path, body === undefined ? {} : body);
export const put = (path, body) => request("PUT", path, body === undefined ? {} : body);
export const del = (path) => request("DELETE", path);

/** Percent-encodes one path segment or query value. */
export const enc = encodeURIComponent;
