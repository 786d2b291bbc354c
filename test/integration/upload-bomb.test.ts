/**
 * One signed-in user must not be able to kill the server with an upload. The lying
 * file of the incident is built here: a real XLSX whose `xl/sharedStrings.xml` inflates to 1.9 GB from
 * a 1.9 MB file while its local header and central directory both say 11,000 bytes. Three are sent at
 * once by a commission secretary; each is refused (400 import_too_big, or 503 server_busy when the
 * heavy-work queue is full), the server answers another request meanwhile, the process's memory stays
 * bounded (the app runs in this process through app.inject, so its RSS and heap are sampled here) and
 * nothing is written. Also: a full queue answers 503 with Retry-After and writes nothing, and an import
 * that fails inside its transaction leaves no row behind. On PGlite and PostgreSQL.
 */
import { createInflateRaw } from "node:zlib";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { t } from "../../src/server/platform/i18n";
import { openZip } from "../../src/server/platform/uploads";
import { openTestDatabase } from "../support/db";
import { ALMATY, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";
import { lyingXlsx } from "../support/zip-bomb";

const MiB = 1024 * 1024;
const SST = "xl/sharedStrings.xml";

let database: Database;
let app: FastifyInstance;
let secretary: Client;
let commissionId: string;
let policeId: string;
let planId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  secretary = await signIn(app, "secretary");
  commissionId = await findBodyId(secretary, `kind=commission&territory=${ALMATY}`);
  policeId = await findBodyId(
    secretary,
    `kind=state_body&territory=${ALMATY}&q=${encodeURIComponent("полиция")}`,
  );
  const res = await secretary.post("/api/plans", { bodyId: commissionId, year: 2050 });
  expect(res.statusCode, res.body).toBe(201);
  planId = res.json().id;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const importFile = (buf: Buffer, lang = "en") =>
  secretary.post(
    `/api/plans/${planId}/import`,
    { filename: "plan.xlsx", contentBase64: buf.toString("base64") },
    { "accept-language": lang },
  );
/** Rows that an import writes: measures and audit entries. */
const written = async () =>
  (
    await database.query<{ m: string; a: string }>(
      "select (select count(*) from plan_measure)::text as m, (select count(*) from audit_event)::text as a",
    )
  )[0];

/** A real workbook in the import's layout (shared strings, as exceljs writes them) with `titles` as rows. */
async function workbook(titles: string[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Plan");
  ws.addRow(["category", "subtype", "title", "responsibleBodyId"]);
  for (const title of titles) ws.addRow(["legal", "migration", title, policeId]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Peak RSS and heap while `work` runs, sampled every 5 ms, as growth over the moment it started. */
async function peakMemory<T>(work: () => Promise<T>) {
  const before = process.memoryUsage();
  let rss = before.rss;
  let heap = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await work();
    sample();
    return { result, rssMiB: (rss - before.rss) / MiB, heapMiB: (heap - before.heapUsed) / MiB, before };
  } finally {
    clearInterval(timer);
  }
}

describe("a file whose zip headers lie about its size", () => {
  it("three at once from a secretary: each refused, the server answers meanwhile, memory bounded, nothing written", async () => {
    const t0 = performance.now();
    const bomb = lyingXlsx(await workbook(["x"]), 1.9e9);
    // The file is what the incident's was: under the 2 MB upload limit, declaring 11,000 bytes…
    expect(bomb.length).toBeLessThan(2 * MiB);
    const entry = openZip(bomb, { maxInflatedBytes: 2 ** 40, maxEntries: 100 }).entries.get(SST);
    expect(entry?.size).toBe(11_000);
    expect(bomb.readUInt32LE(entry!.headerOffset + 22)).toBe(11_000); // the local header says the same
    // …and inflating far beyond (1.9 GB as built; counted here as a stream up to 256 MiB, then stopped).
    const inflater = createInflateRaw({ chunkSize: MiB });
    inflater.end(bomb.subarray(entry!.dataStart, entry!.dataStart + entry!.compressedSize));
    let real = 0;
    for await (const c of inflater) {
      real += c.length;
      if (real > 256 * MiB) break;
    }
    inflater.destroy();
    expect(real).toBeGreaterThan(256 * MiB);
    console.log(
      `lying file: ${(bomb.length / MiB).toFixed(2)} MiB, ${SST} declares 11,000 bytes, inflates to 1.9 GB (more than 256 MiB checked; built and checked in ${Math.round(performance.now() - t0)} ms)`,
    );

    const before = await written();
    const started = performance.now();
    const { result, rssMiB, heapMiB } = await peakMemory(async () => {
      const uploads = [importFile(bomb), importFile(bomb, "ru"), importFile(bomb, "kk")];
      // Meanwhile the server answers someone else.
      const other = await secretary.get(`/api/plans/${planId}`);
      return { answers: await Promise.all(uploads), other };
    });
    const ms = Math.round(performance.now() - started);
    console.log(
      `three lying files at once: answered in ${ms} ms; peak growth over the start: RSS ${rssMiB.toFixed(1)} MiB, heap ${heapMiB.toFixed(1)} MiB (statuses ${result.answers.map((a) => `${a.statusCode} ${a.json().code}`).join(", ")})`,
    );
    expect(result.other.statusCode).toBe(200);
    for (const [i, a] of result.answers.entries()) {
      expect([400, 429, 503], a.body).toContain(a.statusCode);
      const code = a.json().code;
      expect(["import_too_big", "import_too_many_rows", "server_busy", "rate_limited"]).toContain(code);
      if (code === "import_too_big")
        expect(a.json().message).toBe(
          t((["en", "ru", "kk"] as const)[i], "errors.import_too_big", { max: "2 MB" }),
        );
    }
    // The inflating stopped early: well under the 64 MB budget, let alone 1.9 GB.
    expect(rssMiB).toBeLessThan(256);
    expect(heapMiB).toBeLessThan(128);
    expect(await written()).toEqual(before);
    // And the server still works: a real file imports.
    const ok = await importFile(await workbook(["after the bombs"]));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ total: 1, imported: 1, rejected: [] });
  });

  it("refuses before inflating anything a file that declares honestly more than the budget", async () => {
    const honest = lyingXlsx(await workbook(["x"]), 200 * MiB, "honest");
    expect(
      openZip(honest, { maxInflatedBytes: 2 ** 40, maxEntries: 100 }).entries.get(SST)?.size,
    ).toBeGreaterThan(199 * MiB);
    const before = await written();
    const res = await importFile(honest);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("import_too_big");
    expect(await written()).toEqual(before);
  });
});

describe("heavy work is bounded per instance", () => {
  it("a full queue refuses an import at once with 503, Retry-After and a localised code, writing nothing; a queued one runs in its turn", async () => {
    const heavy = app.heavyWork;
    const { concurrency, queue } = heavy.settings;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // Every slot and every place in the queue taken by work that waits on the gate.
    const holders = Array.from({ length: concurrency + queue }, () => heavy.run("export", () => gate));
    for (const h of holders) h.catch(() => {}); // awaited below; no unhandled rejection if a check fails first
    expect(heavy.running).toBe(concurrency);
    expect(heavy.queued).toBe(queue);

    const file = await workbook(["queued measure"]);
    const before = await written();
    const busy = await importFile(file, "ru");
    expect(busy.statusCode).toBe(503);
    expect(busy.headers["retry-after"]).toBe(String(heavy.settings.retryAfterSeconds));
    expect(busy.json()).toMatchObject({
      code: "server_busy",
      message: t("ru", "errors.server_busy", { seconds: heavy.settings.retryAfterSeconds }),
    });
    // Exports and PDFs wait in the same queue.
    const exportBusy = await secretary.get(`/api/plans/${planId}/export.xlsx`);
    expect(exportBusy.statusCode).toBe(503);
    expect(exportBusy.headers["content-disposition"]).toBeUndefined();
    expect(await written()).toEqual(before);

    release();
    await Promise.all(holders);
    expect(heavy.running).toBe(0);
    // Two slots held again: the import waits in the queue and runs when one is free.
    let releaseAgain!: () => void;
    const gate2 = new Promise<void>((r) => {
      releaseAgain = r;
    });
    const held = Array.from({ length: concurrency }, () => heavy.run("pdf", () => gate2));
    for (const h of held) h.catch(() => {});
    const queued = importFile(file);
    await new Promise((r) => setTimeout(r, 50));
    expect(heavy.queued).toBe(1);
    releaseAgain();
    await Promise.all(held);
    const done = await queued;
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ imported: 1 });
  });

  it("an import that fails inside its transaction leaves nothing behind", async () => {
    // The third row's insert fails in the database, after the first two were written in the transaction.
    await database.query(`create or replace function qorgan_test_refuse() returns trigger language plpgsql as $$
      begin if new.title = 'refused by the database' then raise exception 'refused'; end if; return new; end $$`);
    await database.query(
      "create trigger qorgan_test_refuse before insert on plan_measure for each row execute function qorgan_test_refuse()",
    );
    try {
      const before = await written();
      const res = await importFile(
        await workbook(["first of three", "second of three", "refused by the database"]),
      );
      expect(res.statusCode).toBe(500);
      expect(await written()).toEqual(before);
    } finally {
      await database.query("drop trigger qorgan_test_refuse on plan_measure");
      await database.query("drop function qorgan_test_refuse()");
    }
  });
});
