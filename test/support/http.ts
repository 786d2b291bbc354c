/** HTTP helpers over the real Fastify app (app.inject goes through routing, hooks and serialisation). */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";

export type Client = {
  cookie: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
};

export function client(app: FastifyInstance, cookie = ""): Client {
  const h = (extra?: Record<string, string>) => ({ ...(cookie ? { cookie } : {}), ...extra });
  return {
    cookie,
    get: (url, headers) => app.inject({ method: "GET", url, headers: h(headers) }),
    post: (url, body, headers) =>
      app.inject({ method: "POST", url, payload: body as never, headers: h(headers) }),
    patch: (url, body, headers) =>
      app.inject({ method: "PATCH", url, payload: body as never, headers: h(headers) }),
    put: (url, body, headers) =>
      app.inject({ method: "PUT", url, payload: body as never, headers: h(headers) }),
    delete: (url, headers) => app.inject({ method: "DELETE", url, headers: h(headers) }),
  };
}

export async function signIn(
  app: FastifyInstance,
  username: string,
  password = DEMO_PASSWORD,
): Promise<Client> {
  const res = await app.inject({ method: "POST", url: "/api/auth/sign-in", payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in ${username}: ${res.statusCode} ${res.body}`);
  const set = res.headers["set-cookie"];
  const raw = Array.isArray(set) ? set[0] : String(set);
  return client(app, raw.split(";")[0]);
}
