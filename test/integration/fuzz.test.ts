/**
 * Property-based fuzz of EVERY operation of the OpenAPI document (grew out of the
 * write-route fuzz). For each operation, from its own parameter and body schemas:
 * a mostly valid request (so that the hostile part reaches the service and its SQL) with none, one
 * or two faults — hostile strings (NUL, lone surrogates, huge, empty, RTL, SQL-ish, emoji), empty and huge
 * arrays, wrong types, missing fields, broken geometry, bad ids in the path, repeated or raw-byte query
 * parameters — sent signed out, as a low role (reporter) and as the administrator. Every answer must be
 * below 500 and an error must be JSON with a code; after every refused (4xx) request the row count of
 * every table must be what it was (except the refusals that are audited on purpose, listed below).
 * A second pass puts unstorable text into every text input of every operation, one at a time.
 * FUZZ_SEED=<n> replays another seed (the default is fixed so that CI is repeatable).
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureSubtypes } from "../../src/domain/prevention";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  /** A discriminated union (zod's discriminatedUnion): one of the variants. */
  oneOf?: Schema[];
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  additionalProperties?: Schema | boolean;
};
type Param = { in: "path" | "query" | "header"; name: string; required?: boolean; schema: Schema };
type Operation = {
  id: string;
  method: string;
  path: string;
  params: Param[];
  body?: Schema;
  /** Server-Sent Events: the answer never ends, only its status is read. */
  stream: boolean;
};
/** Signed out, or signed in as `username` (its current session in `cookies`). */
type Principal = { name: string; username?: string };
type Request = { url: string; headers: Record<string, string>; payload?: string };

const SEED = Number(process.env.FUZZ_SEED ?? 1404);
/** FUZZ_RUNS=<k> multiplies the runs per operation (a longer search than the default, which keeps CI fast). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const MEDEU = "751710000"; // Almaty's Medeu district: a KATO code below the city

let database: Database;
let app: FastifyInstance;
let admin: Client;
let reporter: Client;
/** The current session cookie of each signed-in principal (a fuzzed sign-out is followed by a sign-in). */
const cookies: Record<string, string> = {};
const operations: Operation[] = [];
const ids: Record<string, string> = {};

/* ------------------------------------------------------------------------------------ hostile values */

const unstorable = ["a\u0000b", "\u0000", "\uD800", "x\uDC00y", "\uDE00\uD83D", "😀\uD83D"];
const hostileStrings = [
  ...unstorable,
  "",
  " ",
  " \t\n ",
  "\u202Eabc\u202C",
  "مرحبا بالعالم",
  "שלום",
  "' OR 1=1 --",
  "'; drop table body; --",
  "$$ $1 \\",
  "%_%",
  "E'\\\\x00'",
  "\\u0000",
  "😀",
  "👨‍👩‍👧‍👦🇰🇿",
  "\uFEFF\u200B",
  "x".repeat(10_001),
  "ә".repeat(5_001),
  "null",
  "-1",
  "NaN",
  "__proto__",
  "../../etc/passwd",
  "<script>alert(1)</script>",
];
/** Over the 1 MB body limit: sent rarely, it must be a 413. */
const OVER_LIMIT = "x".repeat(1_100_000);
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...hostileStrings) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...unstorable).chain((u) => fc.string().map((s) => `${s}${u}${s}`)),
  },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
  },
);

const DROP = Symbol("drop");
const EMPTY_ARRAY = Symbol("empty array");
const HUGE_ARRAY = Symbol("huge array");
const wrongType = fc.constantFrom<unknown>(null, 0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, true, "x", [], {}, [
  [],
]);
const point = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.double({ min: 46, max: 88, noNaN: true }),
      fc.double({ min: 40, max: 56, noNaN: true }),
    ),
  },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.array(fc.double(), { maxLength: 3 }) },
);
/** Polygons with empty, short, open or malformed rings, and shapes that are not polygons at all. */
const brokenGeometry: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    type: fc.constant("Polygon"),
    coordinates: fc.oneof(fc.constant([[]]), fc.array(fc.array(point, { maxLength: 5 }), { maxLength: 2 })),
  }),
  fc.constantFrom<unknown>(
    { type: "Polygon", coordinates: [] },
    { type: "Polygon", coordinates: [[[], [], [], []]] },
    { type: "Polygon", coordinates: [[null, null, null, null]] },
    {
      type: "Polygon",
      coordinates: [
        [
          [76.95, 43.2],
          [76.97, 43.2],
          [76.96, 43.22],
          [76.9, 43.2],
        ],
      ],
    }, // not closed
    { type: "Polygon", coordinates: [[[76.95], [76.97, 43.2, 1], [76.96, 43.22], [76.95]]] },
    {
      type: "Polygon",
      coordinates: [
        [
          ["a", "b"],
          [1e308, -1e308],
          [0, 0],
          ["a", "b"],
        ],
      ],
    },
    { type: "Point", coordinates: [76.95, 43.2] },
    { type: "Polygon" },
    { coordinates: [[[76.95, 43.2]]] },
  ),
);
type Fault = unknown | typeof DROP | typeof EMPTY_ARRAY | typeof HUGE_ARRAY;
const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...unstorable) }, // put into a valid string, or in place of a node
  { weight: 5, arbitrary: hostileString },
  { weight: 3, arbitrary: wrongType },
  { weight: 2, arbitrary: fc.constant(DROP) },
  { weight: 1, arbitrary: fc.constant(EMPTY_ARRAY) },
  { weight: 1, arbitrary: fc.constant(HUGE_ARRAY) },
  { weight: 1, arbitrary: brokenGeometry },
  { weight: 1, arbitrary: fc.constant(OVER_LIMIT) },
);
/** Path parameters that are not ids of anything (percent-encoded as sent). */
const badIds = fc.oneof(
  fc.uuid().map(encodeURIComponent),
  fc.constantFrom(
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
    "%00",
    "a%00b",
    "%ED%A0%80",
    "%FF",
    "%C0%80",
    "'%20or%201%3D1--",
    "x".repeat(300),
    "..%2F..%2Fetc",
    "%F0%9F%98%80",
    "-1",
    "1e999",
    "%20",
  ),
);

/* -------------------------------------------------------------------- valid values from the schemas */

const territory = fc.constantFrom(ALMATY, MEDEU, "KZ");
const fixtureIds = () => fc.constantFrom(...Object.values(ids).filter((v) => v.includes("-")));
/** Values that pass each named field's own rules, so requests get past validation into the services. */
const hints = (): Record<string, fc.Arbitrary<unknown>> => ({
  territoryCode: territory,
  zoneTerritories: territory,
  territory,
  parent: territory,
  bin: fc.constantFrom("180340012346", null),
  phone: fc.constantFrom("", "+7 727 111 22 33"),
  contactPhone: fc.constantFrom("", "+7 727 111 22 33"),
  email: fc.constant("fuzz@example.kz"),
  contactEmail: fc.constantFrom("", "fuzz@example.kz"),
  totp: fc.stringMatching(/^\d{6}$/),
  code: fc.stringMatching(/^\d{6}$/),
  contentBase64: fc.base64String({ minLength: 4, maxLength: 200 }),
  mime: fc.constant("text/plain"),
  filename: fc.constant("fuzz.txt"),
  version: fc.integer({ min: 1, max: 4 }),
  year: fc.integer({ min: 2030, max: 2032 }),
  copyFromYear: fc.integer({ min: 2030, max: 2032 }),
  indicators: fc.dictionary(fc.constantFrom("events_held", "people_reached"), fc.nat(100)),
  figures: fc.dictionary(fc.constantFrom("events_held", "people_reached"), fc.nat(100)),
  newPassword: fc.string({ minLength: 10, maxLength: 30 }),
  zoneArea: fc.constant({
    type: "Polygon",
    coordinates: [
      [
        [76.95, 43.2],
        [76.97, 43.2],
        [76.96, 43.22],
        [76.95, 43.2],
      ],
    ],
  }),
  "idempotency-key": fc.stringMatching(/^[A-Za-z0-9_-]{16,24}$/),
});

/** `full`: every optional field present and every array non-empty (the sweep over text inputs). */
function valid(s: Schema, name = "", full = false): fc.Arbitrary<unknown> {
  const hint = hints()[name];
  let arb: fc.Arbitrary<unknown>;
  if (hint && s.type !== "array")
    arb = hint; // an array's hint is for its items
  else if (s.anyOf ?? s.oneOf) arb = fc.oneof(...(s.anyOf ?? s.oneOf ?? []).map((b) => valid(b, name, full)));
  else if (s.enum) arb = fc.constantFrom(...s.enum);
  else if (s.type === "string") {
    if (s.format === "uuid") arb = fc.oneof({ weight: 3, arbitrary: fixtureIds() }, fc.uuid());
    else if (s.format === "date") arb = fc.constantFrom("2031-05-01", "2031-12-31", "2030-02-28");
    else if (s.format === "date-time")
      arb = fc.constantFrom("2031-03-01T10:00:00+05:00", new Date(Date.now() - 3_600_000).toISOString());
    else if (s.format === "email") arb = fc.constant("fuzz@example.kz");
    else {
      const min = Math.max(s.minLength ?? 0, full ? 1 : 0);
      const max = Math.max(min, Math.min(s.maxLength ?? 40, 40));
      arb = fc.oneof(
        fc.string({ minLength: min, maxLength: max }).filter((v) => v.trim().length >= min),
        fc.string({ unit: "grapheme", minLength: min, maxLength: max }).filter((v) => v.trim().length >= min),
      );
    }
  } else if (s.type === "integer") {
    const min = s.minimum ?? -1000;
    arb = fc.integer({ min, max: Math.min(s.maximum ?? 1000, min + 10_000) });
  } else if (s.type === "number") {
    const min = s.minimum ?? -1000;
    arb = fc.double({ min, max: s.maximum ?? min + 2000, noNaN: true, noDefaultInfinity: true });
  } else if (s.type === "boolean") arb = fc.boolean();
  else if (s.type === "array") {
    const min = Math.max(s.minItems ?? 0, full ? 1 : 0);
    arb = fc.array(valid(s.items ?? {}, name, full), {
      minLength: min,
      maxLength: Math.max(min, Math.min(s.maxItems ?? 3, 3)),
    });
  } else if (s.type === "object" && s.properties) {
    const props = Object.entries(s.properties);
    arb = fc.record(Object.fromEntries(props.map(([k, v]) => [k, valid(v, k, full)])), {
      requiredKeys: full ? props.map(([k]) => k) : (s.required ?? []),
    });
  } else if (s.type === "object")
    arb = fc.dictionary(fc.string({ maxLength: 10 }), fc.nat(100), { maxKeys: 3 });
  else arb = fc.jsonValue({ maxDepth: 2 });
  return s.nullable && !full ? fc.oneof({ weight: 5, arbitrary: arb }, fc.constant(null)) : arb;
}

/* ----------------------------------------------------------------------------------- faults, applied */

type Path = (string | number)[];
function nodes(v: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      out.push(...nodes(x, [...at, Array.isArray(v) ? Number(k) : k]));
  return out;
}
function getAt(v: unknown, at: Path): unknown {
  return at.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)?.[k], v);
}
/** The value with the node at `at` replaced by (or, for DROP, without) the fault; never in place. */
function applyFault(v: unknown, at: Path, f: Fault): unknown {
  const node = getAt(v, at);
  const first = (Array.isArray(node) ? node[0] : node) ?? "x";
  const item = (JSON.stringify(first)?.length ?? 0) > 200 ? "x" : first; // a thousand small copies
  const replacement =
    f === EMPTY_ARRAY
      ? []
      : f === HUGE_ARRAY
        ? Array.from({ length: 1000 }, () => item)
        : typeof f === "string" && typeof node === "string" && f.length < 10 && unstorable.includes(f)
          ? `${node}${f}` // unstorable characters inside an otherwise valid value
          : f;
  if (at.length === 0) return replacement === DROP ? undefined : replacement;
  const copy = structuredClone(v) as Record<string | number, unknown>;
  const parent = getAt(copy, at.slice(0, -1)) as Record<string | number, unknown>;
  if (!parent || typeof parent !== "object") return v; // an earlier fault replaced what held the node
  const key = at[at.length - 1];
  if (replacement === DROP) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else parent[key] = replacement;
  return copy;
}

/** Percent-encodes a query value as UTF-8; lone surrogates become raw invalid UTF-8 bytes (ED A0 80…). */
function encodeQuery(v: string): string {
  let out = "";
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (/[A-Za-z0-9_.~-]/.test(ch)) out += ch;
    else if (c >= 0xd800 && c <= 0xdfff)
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    else
      out += [...Buffer.from(ch, "utf8")]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`)
        .join("");
  }
  return out;
}
/** A header value a real client could send (Node's parser refuses controls and characters above 0xFF). */
const asHeader = (v: string) => (/^[\t\x20-\x7e\x80-\xff]*$/.test(v) ? v.slice(0, 8000) : "%00");

/** The id a path parameter names in the fixtures: by the parameter's name, else by the segment before it. */
function fixtureFor(op: Operation, name: string): string {
  if (name !== "id" && name !== "code") return ids[name] ?? randomUUID();
  const segments = op.path.split("/");
  const before = segments[segments.indexOf(`{${name}}`) - 1];
  return ids[before] ?? randomUUID();
}

type Parts = {
  path: Record<string, string>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
};
/** One request for `op`: valid-looking parts, then faults in the body, query, path or headers. */
function requestFor(op: Operation, full = false): fc.Arbitrary<{ parts: Parts; body: unknown }> {
  const pathArb = fc.record(
    Object.fromEntries(
      op.params
        .filter((p) => p.in === "path")
        .map((p) => [
          p.name,
          fc.oneof({ weight: 4, arbitrary: fc.constant(fixtureFor(op, p.name)) }, badIds),
        ]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const paramsOf = (where: "query" | "header") =>
    valid(
      {
        type: "object",
        properties: Object.fromEntries(
          op.params.filter((p) => p.in === where).map((p) => [p.name, p.schema]),
        ),
        required: op.params.filter((p) => p.in === where && p.required).map((p) => p.name),
      },
      "",
      full,
    ) as fc.Arbitrary<Record<string, unknown>>;
  return fc.record({
    parts: fc.record({ path: pathArb, query: paramsOf("query"), header: paramsOf("header") }),
    body: op.body ? valid(op.body, "", full) : fc.constant(undefined),
  });
}

/** Where a schema has a GeoJSON polygon (an object whose `type` is "Polygon"). */
function polygonPaths(s: Schema, at: Path = []): Path[] {
  if (s.properties?.type?.enum?.includes("Polygon")) return [at];
  return Object.entries(s.properties ?? {}).flatMap(([k, v]) => polygonPaths(v, [...at, k]));
}

function withFaults(op: Operation) {
  return requestFor(op).chain(({ parts, body }) => {
    const targets: { where: "body" | "query" | "header"; at: Path }[] = [
      // Leaves three times: a fault there usually leaves the rest valid, so the value reaches the service.
      ...(op.body
        ? nodes(body).flatMap((at) => {
            const leaf = { where: "body" as const, at };
            const node = getAt(body, at);
            return node !== null && typeof node === "object" ? [leaf] : [leaf, leaf, leaf];
          })
        : []),
      ...nodes(parts.query)
        .slice(1)
        .map((at) => ({ where: "query" as const, at })),
      ...op.params.filter((p) => p.in === "query").map((p) => ({ where: "query" as const, at: [p.name] })),
      ...op.params.filter((p) => p.in === "header").map((p) => ({ where: "header" as const, at: [p.name] })),
    ];
    if (targets.length === 0) return fc.constant({ parts, body, faults: [] as string[] });
    // GeoJSON fields get broken geometry often: among all of a body's nodes they would seldom be drawn.
    const geometry = op.body ? polygonPaths(op.body).map((at) => ({ where: "body" as const, at })) : [];
    const one = geometry.length
      ? fc.oneof(
          fc.tuple(fc.constantFrom(...targets), fault),
          fc.tuple(fc.constantFrom(...geometry), brokenGeometry),
        )
      : fc.tuple(fc.constantFrom(...targets), fault);
    // A fifth of the requests have no fault: their random (often non-Latin) text reaches the services.
    const faultList = fc.oneof(
      {
        weight: 1,
        arbitrary: fc.constant([] as [{ where: "body" | "query" | "header"; at: Path }, Fault][]),
      },
      { weight: 4, arbitrary: fc.array(one, { minLength: 1, maxLength: 2 }) },
    );
    return faultList.map((list) => {
      let b = body;
      const p = { ...parts, query: { ...parts.query }, header: { ...parts.header } };
      for (const [t, f] of list) {
        if (t.where === "body") b = applyFault(b, t.at, f);
        else if (f === HUGE_ARRAY)
          p[t.where][t.at[0]] = Array.from({ length: 300 }, () => "x"); // repeated
        else p[t.where] = applyFault(p[t.where], t.at, f) as Record<string, unknown>;
      }
      const faults = list.map(([t, f]) => `${t.where}:${t.at.join(".")}=${show(f)}`);
      return { parts: p, body: b, faults };
    });
  });
}

const show = (f: unknown) =>
  typeof f === "symbol"
    ? f.description
    : typeof f === "string" && f.length > 60
      ? `${JSON.stringify(f.slice(0, 20))}… (${f.length} characters)`
      : JSON.stringify(f)?.slice(0, 60);

function build(op: Operation, parts: Parts, body: unknown, principal: Principal): Request {
  let url = op.path.replace(/\{(\w+)\}/g, (_, n: string) => parts.path[n] ?? "x");
  const qs: string[] = [];
  for (const [k, v] of Object.entries(parts.query ?? {})) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v])
      qs.push(
        `${encodeURIComponent(k)}=${encodeQuery((typeof one === "string" ? one : (JSON.stringify(one) ?? "")).slice(0, 20_000))}`,
      );
  }
  if (qs.length) url += `?${qs.join("&")}`;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(parts.header ?? {}))
    if (v !== undefined) headers[k] = asHeader(typeof v === "string" ? v : JSON.stringify(v));
  if (principal.username) headers.cookie = cookies[principal.username];
  if (body === undefined) return { url, headers };
  headers["content-type"] = "application/json";
  return { url, headers, payload: JSON.stringify(body) };
}

/* -------------------------------------------------------------------------------- sending, counting */

let countSql = "";
async function rowCounts(): Promise<Record<string, number>> {
  const [{ c }] = await database.query<{ c: Record<string, number> | string }>(countSql);
  return typeof c === "string" ? JSON.parse(c) : c;
}
/**
 * Refusals that write on purpose: failed sign-ins and refused reads of personal data are audited, and
 * every sign-in attempt is counted for its rate limit (in `rate_limit_hit` where the limit keeps its
 * count in the database). Only these tables, and only for these answers.
 */
const writesOnRefusal: Record<string, { statuses?: number[]; tables: string[] }[]> = {
  signIn: [{ statuses: [401, 423], tables: ["audit_event"] }, { tables: ["rate_limit_hit"] }],
  readMemberContact: [{ statuses: [403], tables: ["audit_event"] }],
};

let baseline: Record<string, number> = {};
/** After a refusal every table has the rows it had before (but for `writesOnRefusal`); then a new baseline. */
async function expectRowsKept(op: Operation, status: number, where: string) {
  const after = await rowCounts();
  if (status >= 400) {
    const expected = { ...baseline };
    for (const { statuses, tables } of writesOnRefusal[op.id] ?? [])
      if (!statuses || statuses.includes(status))
        for (const t of tables) if (t in after) expected[t] = after[t];
    expect(after, `rows changed by a refused request: ${where}`).toEqual(expected);
  }
  baseline = after;
}
const seen = new Map<string, Set<number>>();

type Answer = { statusCode: number; contentType: string; body: string };
/** A stream (the live board) is read only when it is an error: a 200 never ends, it is dropped. */
async function send(op: Operation, req: Request): Promise<Answer> {
  const res = await app.inject({
    method: op.method as "GET",
    url: req.url,
    headers: req.headers,
    payload: req.payload,
    payloadAsStream: op.stream,
  });
  const contentType = String(res.headers["content-type"] ?? "");
  if (!op.stream) return { statusCode: res.statusCode, contentType, body: res.body };
  const stream = res.stream();
  if (res.statusCode === 200) {
    stream.destroy();
    return { statusCode: 200, contentType, body: "" };
  }
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return { statusCode: res.statusCode, contentType, body: Buffer.concat(chunks).toString("utf8") };
}

/** Sends one request and checks: below 500, a JSON error with a code, no rows changed when refused. */
async function check(op: Operation, req: Request, principal: Principal, faults: string[]) {
  const res = await send(op, req);
  const where = `${principal.name} ${op.method} ${req.url.slice(0, 300)} [${faults.join("; ")}] body ${
    req.payload?.slice(0, 300) ?? "-"
  } → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (!seen.has(op.id)) seen.set(op.id, new Set());
  seen.get(op.id)!.add(res.statusCode);
  if (res.statusCode >= 400) {
    expect(res.contentType, where).toMatch(/^application\/json/);
    expect(typeof JSON.parse(res.body).code, where).toBe("string");
  }
  await expectRowsKept(op, res.statusCode, where);
  // A sign-out as a principal ends its session: sign in again so that the run goes on as that user.
  if (op.id === "signOut" && principal.username && res.statusCode === 200)
    cookies[principal.username] = (await signIn(app, principal.username)).cookie;
}

/* ------------------------------------------------------------------------------------------- set-up */

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1_000_000 } });
  const hq = await signIn(app, "hq");
  [admin, reporter] = await Promise.all([signIn(app, "admin"), signIn(app, "reporter")]);
  cookies.admin = admin.cookie;
  cookies.reporter = reporter.cookie;
  const ok = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  ids.territories = ALMATY;
  ids.bodies = await findBodyId(admin, `kind=organisation&territory=${ALMATY}`);
  ids.commission = await findBodyId(admin, `kind=commission&territory=${ALMATY}`);
  ids.memberships = ok(await admin.get(`/api/bodies/${ids.commission}`)).members[0].id;
  const report = async () =>
    ok(
      await reporter.post(
        "/api/incidents",
        { type: "other", occurredAt: new Date().toISOString(), territoryCode: MEDEU, description: "fuzz" },
        { "idempotency-key": randomUUID() },
      ),
    );
  ids.incidents = (await report()).id;
  const forOperation = await report();
  ok(await hq.post(`/api/incidents/${forOperation.id}/actions`, { action: "acknowledge", version: 1 }));
  ids.operations = ok(
    await hq.post("/api/operations", {
      title: "fuzz",
      goals: ["suppress_act"],
      zoneTerritories: [MEDEU],
      incidentIds: [forOperation.id],
    }),
  ).id;
  const [{ id: forceBody }] = await database.query<{ id: string }>(
    `select id from body where kind = 'response_force' and territory_code = '${ALMATY}' limit 1`,
  );
  ids["operation-forces"] = ok(
    await hq.post(`/api/operations/${ids.operations}/forces`, { bodyId: forceBody }),
  ).forces[0].id;
  const atc = await findBodyId(admin, "kind=atc");
  ids.plans = ok(await admin.post("/api/plans", { bodyId: atc, year: 2031 })).id;
  ids.measureId = ok(
    await admin.post(`/api/plans/${ids.plans}/measures`, {
      category: "legal",
      subtype: measureSubtypes.legal[0].key,
      title: "fuzz",
      responsibleBodyId: ids.bodies,
      deadline: "2031-06-30",
    }),
  ).measures[0].id;
  const meeting = ok(
    await admin.post("/api/meetings", {
      bodyId: atc,
      heldAt: "2031-01-10T10:00:00+05:00",
      agenda: [{ title: "fuzz", speakers: [] }],
    }),
  ).id;
  const m = ok(
    await admin.post(`/api/meetings/${meeting}/decisions`, {
      text: "fuzz",
      executorIds: [ids.bodies],
      deadline: "2031-02-01",
    }),
  );
  ids.assignments = ok(
    await admin.post(`/api/meetings/${meeting}/sign`, { version: m.version }),
  ).assignments[0].id;
  ids.meetings = ok(
    await admin.post("/api/meetings", { bodyId: atc, heldAt: "2031-02-10T10:00:00+05:00" }),
  ).id;
  ids.decisionId = ok(
    await admin.post(`/api/meetings/${ids.meetings}/decisions`, {
      text: "fuzz",
      executorIds: [ids.bodies],
      deadline: "2031-03-01",
    }),
  ).decisions[0].id;
  ids.exercises = ok(
    await admin.post("/api/exercises", {
      bodyId: atc,
      kind: "drill",
      title: "fuzz",
      setting: "work",
      date: "2031-04-15",
    }),
  ).id;

  const doc = ok(await app.inject({ method: "GET", url: "/api/openapi.json" }));
  for (const [path, methods] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const body = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
        ?.content?.["application/json"]?.schema;
      operations.push({
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        params: (op.parameters as Param[] | undefined) ?? [],
        body,
        stream: String(op.description ?? "").includes("text/event-stream"),
      });
    }
  const tables = await database.query<{ t: string }>(
    "select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  );
  // One statement, one row: a quarter of the time of a union of counts on PGlite. A function takes at
  // most 100 arguments: objects of 40 tables each, joined (jsonb ||).
  const chunks: string[] = [];
  for (let i = 0; i < tables.length; i += 40)
    chunks.push(
      `jsonb_build_object(${tables
        .slice(i, i + 40)
        .map(({ t }) => `'${t}', (select count(*) from "${t}")`)
        .join(", ")})`,
    );
  countSql = `select ${chunks.join(" || ")} as c`;
  baseline = await rowCounts();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** Runs per operation: fewer for those without inputs, documents and streams (slow, few inputs). */
function runsFor(op: Operation, principal: Principal): number {
  if (!op.body && op.params.length === 0) return 2 * RUNS;
  if (op.stream || /\.(pdf|xlsx)$/.test(op.path)) return 3 * RUNS;
  return (principal.username ? 10 : 6) * RUNS;
}

describe("every operation of the OpenAPI document, fuzzed", () => {
  it("covers the whole document", () => {
    expect(operations.length).toBeGreaterThan(75);
    for (const name of ["signIn", "listTerritories", "declareOperation", "incidentEvents", "importPlanXlsx"])
      expect(operations.map((o) => o.id)).toContain(name);
  });

  const principals: Principal[] = [
    { name: "signed out" },
    { name: "reporter", username: "reporter" },
    { name: "admin", username: "admin" },
  ];
  for (const [i, principal] of principals.entries()) {
    it(
      `${principal.name}: no 5xx, errors in JSON with a code, nothing changed by a refusal`,
      async () => {
        for (const [n, op] of operations.entries()) {
          await fc.assert(
            fc.asyncProperty(withFaults(op), async ({ parts, body, faults }) => {
              await check(op, build(op, parts, body, principal), principal, faults);
            }),
            { numRuns: runsFor(op, principal), seed: SEED + n * 31 + i, endOnFailure: true },
          );
        }
      },
      120_000 * RUNS,
    );
  }

  it("every text input of every operation refuses unstorable text with a 400 naming the field", async () => {
    const principal: Principal = { name: "admin", username: "admin" };
    let probes = 0;
    for (const [n, op] of operations.entries()) {
      if (op.stream) continue;
      const [base] = fc.sample(requestFor(op, true), { seed: SEED + n, numRuns: 1 });
      base.parts.path = Object.fromEntries(Object.keys(base.parts.path).map((k) => [k, fixtureFor(op, k)]));
      const inputs: { where: "body" | "query" | "header" | "path"; at: Path; field: string }[] = [
        ...(op.body
          ? nodes(base.body)
              .filter((at) => typeof getAt(base.body, at) === "string")
              .map((at) => ({ where: "body" as const, at, field: at.join(".") }))
          : []),
        ...Object.keys(base.parts.query).map((k) => ({
          where: "query" as const,
          at: [k],
          field: `querystring.${k}`,
        })),
        ...Object.keys(base.parts.header).map((k) => ({
          where: "header" as const,
          at: [k],
          field: `headers.${k}`,
        })),
        ...Object.keys(base.parts.path).map((k) => ({
          where: "path" as const,
          at: [k],
          field: `params.${k}`,
        })),
      ];
      // Fastify validates the path, the body, the query and the headers in turn and stops at the first
      // part that fails: a query or header probe needs a valid body, so another sample is tried then.
      const bodies = op.body
        ? fc.sample(valid(op.body, "", true), { seed: SEED + n, numRuns: 6 })
        : [undefined];
      bodies[0] = base.body;
      for (const input of inputs)
        for (const bad of ["a\u0000b", "a\uD800b"]) {
          // A URL or a header cannot carry a lone surrogate: percent-decoding gives U+FFFD, headers are bytes.
          if (input.where !== "body" && bad.includes("\uD800")) continue;
          for (const [attempt, other] of bodies.entries()) {
            const parts = structuredClone(base.parts);
            let body = input.where === "body" ? base.body : other;
            if (input.where === "body") body = applyFault(body, input.at, bad);
            else if (input.where === "path") parts.path[input.at[0]] = encodeQuery(bad);
            else if (input.where === "header") parts.header[input.at[0]] = "a\u0000b";
            else parts.query[input.at[0]] = bad;
            const req = build(op, parts, body, principal);
            if (input.where === "header") req.headers[String(input.at[0])] = "a\u0000b";
            const res = await send(op, req);
            probes++;
            const where = `${op.method} ${op.path} ${input.field}=${JSON.stringify(bad)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
            await expectRowsKept(op, res.statusCode, where);
            expect(res.statusCode, where).toBe(400);
            const fields: string[] = JSON.parse(res.body).fields.map((f: { path: string }) => f.path);
            const bodyRefused = fields.every((f) => !/^(querystring|headers|params)\./.test(f));
            if (bodyRefused && input.where !== "body" && attempt < bodies.length - 1) continue;
            expect(fields, where).toContain(input.field);
            break;
          }
        }
    }
    expect(probes).toBeGreaterThan(200);
  });

  it("reached every operation, and most past validation", () => {
    expect([...seen.keys()].sort()).toEqual(operations.map((o) => o.id).sort());
    const beyond = [...seen.values()].filter((s) => [...s].some((c) => c !== 400 && c !== 401)).length;
    expect(beyond, "operations answered with something else than 400/401 at least once").toBeGreaterThan(50);
  });
});
