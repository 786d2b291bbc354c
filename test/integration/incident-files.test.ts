/**
 * Files attached to reports (R16) through HTTP: kind found from the bytes, size- and count-limited,
 * stored in the database and served back byte for byte as a download that no browser renders; only
 * to those who may read the report (another territory's HQ and another organisation's reporter: 404);
 * each addition audited without the content.
 */
import { createHash, randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_FILES } from "../../src/domain/attachments";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, client, signIn } from "../support/http";
import { expectPersonIs } from "../support/people";
import { docx, HTML_AS_JPEG, JPEG, jpegWithPage, pdf, png, SVG, xlsx } from "../support/sample-files";

let database: Database;
let app: FastifyInstance;
let reporter: Client;
let hq: Client;
let konaevHq: Client;
let konaevReporter: Client;
let incidentId: string;

const MEDEU = "751710000"; // a district of Almaty city: the city HQ's
const PASSWORD = "a-long-test-password";

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  const [hqBody] = await database.query<{ id: string }>(
    "select id from body where kind = 'hq' and territory_code = '191000000'",
  );
  const [orgBody] = await database.query<{ id: string; territory_code: string }>(
    "select id, territory_code from body where territory_code = '191000000' and kind not in ('hq', 'commission') order by id limit 1",
  );
  const ctx = systemContext("test");
  await createUser(database, ctx, {
    username: "files-konaev-hq",
    displayName: "Test officer",
    password: PASSWORD,
    grants: [{ role: "hq_officer", bodyId: hqBody.id, territoryCode: "191000000" }],
  });
  await createUser(database, ctx, {
    username: "files-konaev-reporter",
    displayName: "Test reporter",
    password: PASSWORD,
    grants: [{ role: "organisation_reporter", bodyId: orgBody.id, territoryCode: orgBody.territory_code }],
  });
  [reporter, hq] = await Promise.all([signIn(app, "reporter"), signIn(app, "hq")]);
  konaevHq = await signIn(app, "files-konaev-hq", PASSWORD);
  konaevReporter = await signIn(app, "files-konaev-reporter", PASSWORD);
  incidentId = await fileReport();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function fileReport() {
  const res = await reporter.post(
    "/api/incidents",
    {
      type: "suspicious_object",
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      territoryCode: MEDEU,
      description: "A bag left at the bus stop",
    },
    { "idempotency-key": randomUUID() },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const upload = (c: Client, id: string, filename: string, content: Buffer) =>
  c.post(`/api/incidents/${id}/files`, { filename, contentBase64: content.toString("base64") });

const countFiles = async (id: string) =>
  Number(
    (
      await database.query<{ n: string }>(
        "select count(*)::text as n from incident_file where incident_id = $1",
        [id],
      )
    )[0].n,
  );

describe("attaching a file", () => {
  it("a photo is kept as sent and downloaded identical, as an attachment never sniffed or rendered", async () => {
    const res = await upload(reporter, incidentId, "scene.jpg", JPEG);
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    expect(f).toMatchObject({ filename: "scene.jpg", kind: "jpeg", mime: "image/jpeg", size: JPEG.length });
    expect(f.sha256).toBe(createHash("sha256").update(JPEG).digest("hex"));
    expect(f.uploadedBy).toBe("reporter");
    await expectPersonIs(database, f.uploader, "reporter");

    // The HQ in charge sees it listed and downloads the same bytes.
    const list = (await hq.get(`/api/incidents/${incidentId}/files`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(f.id);
    const dl = await hq.get(`/api/incidents/${incidentId}/files/${f.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(JPEG)).toBe(true);
    expect(dl.headers["content-type"]).toBe("image/jpeg");
    expect(dl.headers["x-content-type-options"]).toBe("nosniff");
    expect(String(dl.headers["content-disposition"])).toMatch(/^attachment; /);
    expect(String(dl.headers["content-disposition"])).toContain("filename*=UTF-8''scene.jpg");
  });

  it("documents of each accepted kind are kept with the kind found in their bytes, not the name sent", async () => {
    const id = await fileReport();
    const cases: [string, Buffer, string][] = [
      ["diagram.png", png(), "png"],
      ["act.pdf", await pdf(), "pdf"],
      ["witnesses.xlsx", await xlsx(), "xlsx"],
      ["explanation.docx", docx(), "docx"],
    ];
    for (const [name, bytes, kind] of cases) {
      const res = await upload(reporter, id, name, bytes);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      expect(res.json().kind).toBe(kind);
    }
    // A PNG sent as "photo.html" is kept (and would be downloaded) as "photo.png".
    const renamed = await upload(reporter, id, "photo.html", png(5, 5));
    expect(renamed.statusCode).toBe(201);
    expect(renamed.json()).toMatchObject({ filename: "photo.png", mime: "image/png" });
    const dl = await reporter.get(`/api/incidents/${id}/files/${renamed.json().id}`);
    expect(dl.headers["content-type"]).toBe("image/png");
  });

  it("the same file sent again (a retry, the outbox resending) is kept once", async () => {
    const id = await fileReport();
    const first = await upload(reporter, id, "a.png", png(3, 3));
    const again = await upload(reporter, id, "a-again.png", png(3, 3));
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(await countFiles(id)).toBe(1);
  });

  it("is audited with name, kind, size and hash, never the content", async () => {
    const id = await fileReport();
    const bytes = png(6, 2);
    const f = (await upload(reporter, id, "audited.png", bytes)).json();
    const rows = await database.query<{ action: string; after: unknown; actor_name: string }>(
      "select action, after, actor_name from audit_event where entity_id = $1 and action = 'incident.file_added'",
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_name).toBe("reporter");
    const after = typeof rows[0].after === "string" ? JSON.parse(rows[0].after) : rows[0].after;
    expect(after).toMatchObject({ fileId: f.id, filename: "audited.png", kind: "png", size: bytes.length });
    expect(JSON.stringify(after)).not.toContain(bytes.toString("base64").slice(0, 40));
  });
});

describe("refused files", () => {
  it("a page renamed .jpg, an SVG, a polyglot JPEG carrying a page and a DOCM: 415 with a field error, nothing kept", async () => {
    const id = await fileReport();
    for (const [name, bytes] of [
      ["photo.jpg", HTML_AS_JPEG],
      ["plan.svg", SVG],
      ["plan.jpg", SVG],
      ["photo.jpg", jpegWithPage()],
      ["letter.docx", docx({ macros: true })],
      ["empty.pdf", Buffer.from("%PDF-1.4\n/OpenAction << /S /JavaScript /JS (app.alert(1)) >>\n%%EOF")],
    ] as [string, Buffer][]) {
      const res = await upload(reporter, id, name, bytes);
      expect(res.statusCode, name).toBe(415);
      expect(res.json().code).toBe("attachment_type");
      expect(res.json().fields[0]).toMatchObject({ path: "contentBase64", code: "attachment_type" });
      expect(res.json().fields[0].message).toBeTruthy();
    }
    expect(await countFiles(id)).toBe(0);
  });

  it("a file over the limit: 413 with the limit in a localised message", async () => {
    const id = await fileReport();
    const big = Buffer.concat([JPEG, Buffer.alloc(ATTACHMENT_MAX_BYTES + 1 - JPEG.length)]);
    const res = await reporter.post(
      `/api/incidents/${id}/files`,
      { filename: "big.jpg", contentBase64: big.toString("base64") },
      { "accept-language": "ru" },
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe("attachment_too_large");
    expect(res.json().message).toContain("8 MiB");
    expect(res.json().fields[0]).toMatchObject({ path: "contentBase64", code: "file_too_large" });
    expect(await countFiles(id)).toBe(0);
  });

  it(`at most ${ATTACHMENT_MAX_FILES} files per report: the next is refused (409)`, async () => {
    const id = await fileReport();
    for (let i = 1; i <= ATTACHMENT_MAX_FILES; i++)
      expect((await upload(reporter, id, `p${i}.png`, png(i, 1))).statusCode).toBe(201);
    const over = await upload(reporter, id, "one-more.png", png(1, 2));
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe("attachments_full");
    expect((await reporter.get(`/api/incidents/${id}/files`)).json().canAdd).toBe(false);
  });
});

describe("who may see and add files", () => {
  it("not signed in: 401", async () => {
    const anon = client(app);
    expect((await anon.get(`/api/incidents/${incidentId}/files`)).statusCode).toBe(401);
    expect((await upload(anon, incidentId, "a.png", png())).statusCode).toBe(401);
  });

  it("another territory's HQ and another organisation's reporter: 404 on list, download and upload", async () => {
    const [f] = (await reporter.get(`/api/incidents/${incidentId}/files`)).json().items;
    expect(f).toBeDefined();
    for (const other of [konaevHq, konaevReporter]) {
      expect((await other.get(`/api/incidents/${incidentId}/files`)).statusCode).toBe(404);
      expect((await other.get(`/api/incidents/${incidentId}/files/${f.id}`)).statusCode).toBe(404);
      expect((await upload(other, incidentId, "x.png", png(7, 7))).statusCode).toBe(404);
    }
    // A file id under another report than its own is not found either.
    const otherReport = await fileReport();
    expect((await reporter.get(`/api/incidents/${otherReport}/files/${f.id}`)).statusCode).toBe(404);
  });
});
