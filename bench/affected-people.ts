import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { completeIinBin } from "../src/domain/identifiers";
import { buildApp } from "../src/server/app";
import { testPersonalDataSettings } from "../src/server/modules/affected-people";
import { encodeIdentity, iinLookupHash } from "../src/server/modules/affected-people/persons.codec";
import { type Database, migrateDatabase, openDatabase } from "../src/server/platform/db";
import { seedAll } from "../src/server/seed/seed";
import { cookieFor, log, quantile, ROOT, withPostgresDatabase } from "./support";

const PERSONS = Number(process.env.BENCH_PERSONS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const CONCURRENCY = 4;
const pd = testPersonalDataSettings();

const SURNAMES = [
  "Ахметов",
  "Бекова",
  "Жұмабаев",
  "Қасымова",
  "Нұрланов",
  "Оспанова",
  "Сейітов",
  "Төлегенова",
];
const GIVEN = ["Айбек", "Дана", "Ерлан", "Жанар", "Қанат", "Мөлдір", "Нұржан", "Сәуле", "Тимур", "Әсел"];

/** The i-th synthetic person's IIN: a date of birth from i, a serial, the check digit (skipping numbers without one). */
function iinOf(i: number): string {
  const year = 1940 + (i % 70);
  const month = 1 + (Math.floor(i / 70) % 12);
  const day = 1 + (Math.floor(i / 840) % 28);
  const s = year < 2000 ? 3 + (i % 2) : 5 + (i % 2);
  for (let serial = Math.floor(i / 23_520) * 10; ; serial++) {
    const first11 = `${String(year % 100).padStart(2, "0")}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${s}${String(serial).padStart(4, "0")}`;
    const iin = completeIinBin(first11);
    if (iin) return iin;
  }
}

async function measure(n: number, one: (i: number) => Promise<void>, concurrency = CONCURRENCY) {
  const times: number[] = [];
  let next = 0;
  const cpu0 = process.cpuUsage();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      await one(i);
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  /** This process's CPU (client, server and, on PGlite, the database) per request, ms. */
  const cpuMs = (cpu.user + cpu.system) / 1000 / Math.max(1, times.length);
  return { n: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95), cpuMs, times };
}

const GROUP_COMMIT = "QORGAN_READ_AUDIT_GROUP_COMMIT";

/**
 * `n` requests with the read-audit group commit (modules/audit/read-audit-group-commit.ts) on and `n`
 * with it off (the plain path: each read's entries in a transaction of their own), in alternating
 * rounds of a fifth, so that both see the same machine.
 */
async function measureBoth(n: number, one: (i: number) => Promise<void>, concurrency = CONCURRENCY) {
  const on: number[] = [];
  const off: number[] = [];
  let cpuOn = 0;
  let cpuOff = 0;
  const round = Math.ceil(n / 5);
  for (let k = 0; k < 5; k++) {
    const a = await measure(round, (i) => one(2 * k * round + i), concurrency);
    on.push(...a.times);
    cpuOn += a.cpuMs / 5;
    process.env[GROUP_COMMIT] = "off";
    try {
      const b = await measure(round, (i) => one((2 * k + 1) * round + i), concurrency);
      off.push(...b.times);
      cpuOff += b.cpuMs / 5;
    } finally {
      delete process.env[GROUP_COMMIT];
    }
  }
  const stats = (t: number[], cpuMs: number) => ({
    n: t.length,
    p50: quantile(t, 0.5),
    p95: quantile(t, 0.95),
    cpuMs,
  });
  return { on: stats(on, cpuOn), off: stats(off, cpuOff) };
}

const auditReads = async (database: Database) =>
  Number(
    (
      await database.query<{ n: string }>(
        "select count(*)::text as n from audit_event where action = 'personal.read' and outcome = 'success'",
      )
    )[0].n,
  );

async function run(label: string, database: Database) {
  log(`\n== ${label} ==`);
  await migrateDatabase(database);
  await seedAll(database, { demo: true, settlements: false });
  const app = await buildApp({
    database,
    config: { logger: false, signInRateLimit: 1000, personalData: pd },
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  try {
    const hq = await cookieFor(base, "hq");
    const victims = await cookieFor(base, "victims");
    const inc = await fetch(`${base}/api/incidents`, {
      method: "POST",
      headers: { cookie: hq, "content-type": "application/json", "idempotency-key": randomUUID() },
      body: JSON.stringify({
        type: "explosion",
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        territoryCode: "750000000",
        description: "Бенчмарк: синтетикалық оқиға",
      }),
    });
    if (!inc.ok) throw new Error(`incident: ${inc.status} ${await inc.text()}`);
    const incident = (await inc.json()) as { id: string };
    const [{ path }] = await database.query<{ path: string }>(
      "select territory_path as path from incident where id = $1",
      [incident.id],
    );
    const [{ id: creator }] = await database.query<{ id: string }>(
      "select id from app_user where username = 'victims'",
    );

    // 100,000 persons, encrypted as the service stores them, inserted in batches of 1,000.
    const t0 = performance.now();
    const iins: string[] = [];
    const ids: string[] = [];
    for (let start = 0; start < PERSONS; start += 1000) {
      const rows: unknown[][] = [];
      for (let i = start; i < Math.min(PERSONS, start + 1000); i++) {
        const id = randomUUID();
        const iin = iinOf(i);
        iins.push(iin);
        ids.push(id);
        const e = encodeIdentity(pd.cipher, id, {
          iin,
          surname: SURNAMES[i % SURNAMES.length],
          givenName: GIVEN[(i * 7) % GIVEN.length],
          patronymic: "",
          birthDate: null,
          phone: `+7 701 ${String(i % 10_000_000).padStart(7, "0")}`,
          address: "",
        });
        rows.push([
          id,
          incident.id,
          path,
          i % 9 ? "victim" : "suppression_participant",
          ["injured", "evacuated", "unharmed"][i % 3],
          i % 3 ? null : "light",
          e.iinHash,
          e.iinEnc,
          e.nameEnc,
          e.contactsEnc,
          creator,
        ]);
      }
      const values = rows.map(
        (_, r) => `(${Array.from({ length: 11 }, (_, c) => `$${r * 11 + c + 1}`).join(",")})`,
      );
      await database.query(
        `insert into affected_person (id, incident_id, territory_path, role, status, severity, iin_hash, iin_enc, name_enc, contacts_enc, created_by) values ${values.join(",")}`,
        rows.flat(),
      );
    }
    await database.query("analyze affected_person");
    log(
      `generated ${PERSONS.toLocaleString("en")} persons in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const unique = new Set(iins).size;
    if (unique !== iins.length) throw new Error(`IINs not unique: ${unique} of ${iins.length}`);

    const readsBefore = await auditReads(database);
    // Warm-up (plans, caches), then the measured runs.
    for (let i = 0; i < 20; i++) {
      await fetch(`${base}/api/auth/me`, { headers: { cookie: victims } });
      await database.query("select id, status from affected_person where id = $1", [ids[i]]);
    }
    const pk = await measure(REQUESTS, async (i) => {
      await database.query("select id, status, name_enc from affected_person where id = $1", [
        ids[(i * 7919) % ids.length],
      ]);
    });
    const me = await measure(REQUESTS, async () => {
      const r = await fetch(`${base}/api/auth/me`, { headers: { cookie: victims } });
      await r.arrayBuffer();
    });
    let found = 0;
    const lookupOne = (salt: number) => async (i: number) => {
      const iin = iins[(i * 104_729 + salt) % iins.length];
      const r = await fetch(`${base}/api/affected-people/lookup`, {
        method: "POST",
        headers: { cookie: victims, "content-type": "application/json" },
        body: JSON.stringify({ iin }),
      });
      if (!r.ok) throw new Error(`lookup → ${r.status}`);
      const body = (await r.json()) as { items: { iin: string }[] };
      if (body.items.length !== 1 || body.items[0].iin !== iin)
        throw new Error("lookup answered the wrong person");
      found++;
    };
    const lookup = await measureBoth(REQUESTS, lookupOne(0));
    // One officer at a time: no wait on the audit chain's lock behind other readers.
    const lookup1 = await measureBoth(REQUESTS, lookupOne(17), 1);
    const readsAfter = await auditReads(database);
    const rows: [string, { n: number; p50: number; p95: number; cpuMs: number }, number | null][] = [
      ["baseline: primary-key select (SQL, same table)", pk, null],
      ["baseline: GET /api/auth/me (HTTP)", me, null],
      [`look-up by IIN, ${CONCURRENCY} at once (HTTP, audited)`, lookup.on, 50],
      ["  the same, group commit off (baseline)", lookup.off, null],
      ["look-up by IIN, one at a time (HTTP, audited)", lookup1.on, 50],
      ["  the same, group commit off (baseline)", lookup1.off, null],
    ];
    for (const [name, m, target] of rows)
      log(
        `${name.padEnd(48)} n=${String(m.n).padStart(4)}  p50 ${m.p50.toFixed(2).padStart(7)} ms  p95 ${m.p95.toFixed(2).padStart(7)} ms  (×${(m.p95 / me.p95).toFixed(1)} /auth/me)  CPU ${m.cpuMs.toFixed(2)} ms/req${target === null ? "" : m.p95 < target ? `  target <${target} ms MET` : `  target <${target} ms NOT MET`}`,
      );
    // The look-up's statement (persons.service.ts `lookupByIin`) goes through an index of the keyed hash.
    const plan = await database.query<{ "QUERY PLAN": unknown }>(
      "explain (format json) select * from affected_person where iin_hash = $1 and merged_into_id is null",
      [iinLookupHash(pd.cipher, iins[0])],
    );
    const scans: string[] = [];
    const walk = (n: { "Node Type"?: string; "Index Name"?: string; Plans?: unknown[] }) => {
      if (n["Node Type"])
        scans.push(n["Index Name"] ? `${n["Node Type"]} using ${n["Index Name"]}` : n["Node Type"]);
      for (const c of n.Plans ?? []) walk(c as typeof n);
    };
    const raw = plan[0]["QUERY PLAN"];
    walk((typeof raw === "string" ? JSON.parse(raw) : raw)[0].Plan);
    log(`look-up plan: ${scans.join(" → ")}${scans.some((s) => s.includes("Index")) ? "" : "  NO INDEX"}`);
    log(
      `read-audit group commit: p95 ${CONCURRENCY} at once ×${(lookup.on.p95 / lookup.off.p95).toFixed(2)} of the plain path's, one at a time ×${(lookup1.on.p95 / lookup1.off.p95).toFixed(2)} (load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")})`,
    );
    const added = readsAfter - readsBefore;
    log(
      `audit: ${added} personal.read entries for ${found} look-ups — ${added === found ? "EQUAL (every read audited)" : "NOT EQUAL"}`,
    );
    if (added !== found) process.exitCode = 1;
  } finally {
    await app.close();
  }
}

async function main() {
  const only = process.argv.find((a) => a.endsWith("-only"));
  if (only !== "--pglite-only")
    await withPostgresDatabase("qorgan_bench_affected", async (url) => {
      const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
      try {
        await run("PostgreSQL 15", database);
      } finally {
        await database.close();
      }
    });
  if (only !== "--pg-only") {
    const dir = join(ROOT, ".tmp/bench-affected-db");
    rmSync(dir, { recursive: true, force: true });
    const database = await openDatabase({ dataDir: dir });
    try {
      await run("PGlite (embedded)", database);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
