/**
 * Reminders and escalations of assignments by e-mail (R5) against a real SMTP server
 * (smtp-server on 127.0.0.1), on PGlite and PostgreSQL: the user's address (validated, audited
 * without the address), the control job queues mail in its transaction, the worker sends it after
 * commit in the recipient's language; nothing is lost while the SMTP server is down, two workers
 * never send one message twice, and without SMTP settings nothing is queued.
 */
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import {
  deliverMail,
  type MailConfig,
  queueMail,
  startMailWorker,
} from "../../src/server/modules/mail/mail.service";
import { runControl } from "../../src/server/modules/prevention/assignments.control";
import { systemContext } from "../../src/server/platform/context";
import { type Database, openDatabase } from "../../src/server/platform/db";
import { AppError } from "../../src/server/platform/errors";
import { openTestDatabase } from "../support/db";
import { ALMATY, findBodyId } from "../support/fixtures";
import { type Client, client, signIn } from "../support/http";

/* ------------------------------------------------------------------ a real SMTP peer, for tests */

type Received = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
};

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _cs, enc: string, data: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : Buffer.from(
            data
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** A single-part text message as nodemailer writes it. */
function parseMessage(raw: string, envelope: { from: string; to: string[] }): Received {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const i = line.indexOf(":");
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const bodyRaw = raw.slice(split + 4);
  const cte = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const text =
    cte === "base64"
      ? Buffer.from(bodyRaw.replace(/\s+/g, ""), "base64").toString("utf8")
      : cte === "quoted-printable"
        ? decodeQuotedPrintable(bodyRaw)
        : bodyRaw;
  return {
    ...envelope,
    subject: decodeWords(headers.subject ?? ""),
    text: text.replace(/\r\n/g, "\n"),
    headers,
  };
}

type Smtp = { port: number; inbox: Received[]; close(): Promise<void> };

async function startSmtp(port = 0, inbox: Received[] = [], delayMs = 0): Promise<Smtp> {
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === "qorgan" && auth.password === "s3cret") cb(null, { user: auth.username });
      else cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        setTimeout(() => {
          inbox.push(parseMessage(Buffer.concat(chunks).toString("utf8"), envelope));
          cb();
        }, delayMs);
      });
    },
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return { port: actual, inbox, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/* ------------------------------------------------------------------------------------------ world */

let database: Database;
let app: FastifyInstance;
let smtp: Smtp;
let mail: MailConfig;
let secretary: Client;
let member: Client;
let atc: Client;
let commissionId: string;
let memberBodyId: string;
let secondBodyId: string;
let memberId: string;

const cfg = { remindDaysBefore: 3, escalateAfterDays: 3 };

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startSmtp();
  mail = {
    smtpUrl: `smtp://qorgan:s3cret@127.0.0.1:${smtp.port}`,
    from: "Qorgan <qorgan@test.example.kz>",
    publicUrl: "https://qorgan.example.kz",
  };
  app = await buildApp({ database, config: { signInRateLimit: 1000, mail } });
  [secretary, member, atc] = await Promise.all(["secretary", "member", "atc"].map((u) => signIn(app, u)));
  commissionId = await findBodyId(secretary, `kind=commission&territory=${ALMATY}`);
  const me = (await member.get("/api/auth/me")).json();
  memberBodyId = me.grants[0].bodyId;
  memberId = me.user.id;
  const commission = (await secretary.get(`/api/bodies/${commissionId}`)).json();
  secondBodyId = commission.members.find(
    (m: { memberBodyId: string }) => m.memberBodyId !== memberBodyId && m.memberBodyId,
  ).memberBodyId;
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await database?.close();
});

async function signedWith(deadline: string, executors = [memberBodyId]) {
  let m = (
    await secretary.post("/api/meetings", {
      bodyId: commissionId,
      heldAt: "2026-01-15T10:00:00+05:00",
      place: "Алматы қаласы әкімдігі",
      chairName: "Тестов Т.Т.",
      agenda: [{ title: "Сауда орталықтарының қорғалуы туралы", speakers: [] }],
    })
  ).json();
  m = (
    await secretary.post(`/api/meetings/${m.id}/decisions`, {
      agendaIndex: 0,
      text: "Эвакуация жаттығуларын өткізу",
      executorIds: executors,
      deadline,
    })
  ).json();
  const signed = await secretary.post(`/api/meetings/${m.id}/sign`, { version: m.version });
  expect(signed.statusCode, signed.body).toBe(200);
  return signed.json().assignments as { id: string; number: string }[];
}

type OutboxRow = {
  id: string;
  to_address: string;
  kind: string;
  attempts: number;
  sent_at: unknown;
  last_error: string | null;
};
const outboxFor = (assignmentId: string) =>
  database.query<OutboxRow>(
    "select id::text, to_address, kind, attempts, sent_at, last_error from mail_outbox where entity_id = $1 order by id",
    [assignmentId],
  );
const mailsAbout = (assignmentId: string) =>
  smtp.inbox.filter((m) => m.text.includes(`/prevention/assignments/${assignmentId}`));

/** Deliver until nothing is due (other seeded assignments may queue mail too). */
async function drain(now?: Date) {
  for (let i = 0; i < 20; i++) if ((await deliverMail(database, mail, { now })).claimed === 0) return;
}

/* ------------------------------------------------------------------------------------------ tests */

describe("the e-mail address of an account", () => {
  it("is validated (the field, in the reader's language), saved, shown to its owner and audited without the address", async () => {
    expect((await client(app).patch("/api/auth/me", { email: "a@example.kz" })).statusCode).toBe(401);
    const bad = await member.patch("/api/auth/me", { email: "not-an-address" }, { "accept-language": "ru" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([
      {
        path: "email",
        code: "email_format",
        message: "Введите адрес электронной почты, например name@example.kz.",
      },
    ]);
    const long = await member.patch("/api/auth/me", { email: `${"a".repeat(250)}@example.kz` });
    expect(long.statusCode).toBe(400);
    expect(long.json().fields[0]).toMatchObject({ path: "email", code: "too_big_string" });
    expect((await member.get("/api/auth/me")).json().user.email).toBeNull();

    const ok = await member.patch("/api/auth/me", { email: "  member@example.kz ", locale: "ru" });
    expect(ok.statusCode, ok.body).toBe(200);
    const me = (await member.get("/api/auth/me")).json();
    expect(me.user).toMatchObject({ email: "member@example.kz", locale: "ru" });
    expect(me.mailEnabled).toBe(true);
    // The same address again changes nothing and writes nothing.
    expect((await member.patch("/api/auth/me", { email: "member@example.kz" })).statusCode).toBe(200);

    const audit = await database.query<{ before: unknown; after: unknown }>(
      "select before, after from audit_event where action = 'auth.email_changed' and entity_id = $1",
      [memberId],
    );
    expect(audit).toEqual([{ before: { hasEmail: false }, after: { hasEmail: true } }]);
    const everything = await database.query<{ n: string }>(
      "select count(*)::text as n from audit_event where before::text like '%@example.kz%' or after::text like '%@example.kz%'",
    );
    expect(everything[0].n).toBe("0");
    // Nobody else sees it.
    expect(JSON.stringify((await secretary.get("/api/auth/me")).json())).not.toContain("member@example.kz");
  });

  it("is set by `qorgan user add --email` (createUser), validated there too, and audited as given, not as written", async () => {
    const base = {
      displayName: "Второй исполнитель",
      password: "a-long-test-password",
      grants: [{ role: "commission_member" as const, bodyId: secondBodyId, territoryCode: ALMATY }],
    };
    const err = await createUser(database, systemContext("test"), {
      ...base,
      username: "mail-bad",
      email: "two@@example.kz",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields).toEqual([{ path: "email", code: "email_format" }]);
    const u = await createUser(database, systemContext("test"), {
      ...base,
      username: "mail-second",
      email: "second@example.kz",
    });
    expect(u.email).toBe("second@example.kz");
    const [entry] = await database.query<{ after: Record<string, unknown> }>(
      "select after from audit_event where action = 'user.created' and entity_id = $1",
      [u.id],
    );
    expect(entry.after.hasEmail).toBe(true);
    expect(JSON.stringify(entry.after)).not.toContain("@");
  });
});

describe("reminders and escalations by e-mail", () => {
  it("the control job queues mail in its transaction; the worker sends it after commit, in each recipient's language", async () => {
    expect((await atc.patch("/api/auth/me", { email: "atc@example.kz", locale: "en" })).statusCode).toBe(200);
    const [a, b] = await signedWith("2026-02-10", [memberBodyId, secondBodyId]);

    await runControl(database, cfg, new Date("2026-02-08T05:00:00Z"), mail);
    // Queued with the notification, not sent yet.
    const queued = await outboxFor(a.id);
    expect(queued.map((r) => [r.to_address, r.kind, r.sent_at])).toEqual([
      ["member@example.kz", "deadline_near", null],
    ]);
    expect((await outboxFor(b.id)).map((r) => r.to_address)).toEqual(["second@example.kz"]);
    expect(mailsAbout(a.id)).toEqual([]);

    await drain();
    const [ru] = mailsAbout(a.id);
    expect(ru.to).toEqual(["member@example.kz"]);
    expect(ru.from).toBe("qorgan@test.example.kz");
    expect(ru.subject).toBe(`Напоминание: срок поручения № ${a.number} — 10 февраля 2026 г.`);
    expect(ru.text).toContain("Здравствуйте,");
    expect(ru.text).toContain(`Поручение: № ${a.number}`);
    expect(ru.text).toContain(`https://qorgan.example.kz/prevention/assignments/${a.id}`);
    expect(ru.text).toContain("Правовое основание: Правила организации деятельности");
    expect(ru.text).toContain("пункт 5 (R5)");
    expect(ru.text).not.toContain("Эвакуация жаттығуларын"); // the content stays in the system
    expect(ru.headers["auto-submitted"]).toBe("auto-generated");
    const [kk] = mailsAbout(b.id);
    expect(kk.to).toEqual(["second@example.kz"]);
    expect(kk.subject).toMatch(new RegExp(`^Еске салу: № ${b.number} тапсырманың мерзімі — `));
    expect(kk.text).toContain("Құқықтық негіз:");
    expect((await outboxFor(a.id))[0]).toMatchObject({ attempts: 1, last_error: null });
    expect((await outboxFor(a.id))[0].sent_at).not.toBeNull();

    // Passed, then escalated to the ATC's coordinator (Almaty is a city of republican significance).
    await runControl(database, cfg, new Date("2026-02-10T19:30:00Z"), mail);
    await runControl(database, cfg, new Date("2026-02-14T12:00:00Z"), mail);
    await drain();
    expect(mailsAbout(a.id).map((m) => `${m.to[0]} ${m.subject}`)).toEqual([
      `member@example.kz Напоминание: срок поручения № ${a.number} — 10 февраля 2026 г.`,
      `member@example.kz Поручение № ${a.number} просрочено (срок 10 февраля 2026 г.)`,
      `atc@example.kz Overdue assignment ${a.number} escalated to your commission`,
    ]);
    const esc = mailsAbout(a.id)[2];
    expect(esc.text).toContain("Legal basis: Rules for organising counter-terrorism activity");
    expect(esc.text).toContain("Deadline: February 10, 2026");
    // Sent once: another pass sends nothing more.
    await drain();
    expect(mailsAbout(a.id)).toHaveLength(3);
  });

  it("while the SMTP server is down nothing is lost: retried with backoff, sent once it is back", async () => {
    const [a] = await signedWith("2026-03-10");
    await runControl(database, cfg, new Date("2026-03-08T05:00:00Z"), mail);
    expect(await outboxFor(a.id)).toHaveLength(1);
    await smtp.close();
    const logs: string[] = [];
    const t0 = new Date();
    const down = await deliverMail(database, mail, { now: t0, log: (m) => logs.push(m) });
    expect(down.failed).toBeGreaterThanOrEqual(1);
    let [row] = await outboxFor(a.id);
    expect(row).toMatchObject({ attempts: 1, sent_at: null });
    expect(row.last_error).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(logs.join("\n")).toMatch(/not sent \(attempt 1, next in 30 s\)/);
    expect(logs.join("\n")).not.toContain("@"); // no address (nor the SMTP password) in the log

    // Still within the backoff: not tried again even though the server is back.
    smtp = await startSmtp(smtp.port, smtp.inbox);
    expect((await deliverMail(database, mail, { now: new Date(t0.getTime() + 10_000) })).claimed).toBe(0);
    expect(mailsAbout(a.id)).toEqual([]);
    await drain(new Date(t0.getTime() + 31_000));
    expect(mailsAbout(a.id).map((m) => m.to[0])).toEqual(["member@example.kz"]);
    [row] = await outboxFor(a.id);
    expect(row).toMatchObject({ attempts: 2, last_error: null });
    expect(row.sent_at).not.toBeNull();
  });

  it("two workers (two instances on PostgreSQL) never send one message twice", async () => {
    await smtp.close();
    smtp = await startSmtp(smtp.port, smtp.inbox, 15); // a slow server, so the workers overlap
    const subjects = Array.from({ length: 12 }, (_, i) => `parallel ${i} ${Date.now()}`);
    await database.db.transaction((tx) =>
      queueMail(
        tx,
        subjects.map((subject, i) => ({
          userId: memberId,
          to: `w${i}@example.kz`,
          subject,
          text: "x",
          kind: "test",
        })),
      ),
    );
    const other =
      database.driver === "postgres"
        ? await openDatabase({ databaseUrl: database.url!, poolSize: 2 })
        : database;
    try {
      const worker = async (db: Database) => {
        let sent = 0;
        for (let i = 0; i < 20; i++) {
          const r = await deliverMail(db, mail, { batch: 3 });
          sent += r.sent;
          if (r.claimed === 0) break;
        }
        return sent;
      };
      const [x, y] = await Promise.all([worker(database), worker(other)]);
      expect(x + y).toBeGreaterThanOrEqual(12);
      if (database.driver === "postgres") expect(Math.min(x, y)).toBeGreaterThan(0);
    } finally {
      if (other !== database) await other.close();
    }
    for (const s of subjects)
      expect(
        smtp.inbox.filter((m) => m.subject === s),
        s,
      ).toHaveLength(1);
    const unsent = await database.query<{ n: string }>(
      "select count(*)::text as n from mail_outbox where kind = 'test' and sent_at is null",
    );
    expect(unsent[0].n).toBe("0");
  });

  it("the worker started next to the control job sends on its own and stops cleanly", async () => {
    const stop = startMailWorker(database, mail, 50);
    const subject = `worker ${Date.now()}`;
    await database.db.transaction((tx) =>
      queueMail(tx, [{ userId: memberId, to: "member@example.kz", subject, text: "x", kind: "test" }]),
    );
    for (let i = 0; i < 100 && !smtp.inbox.some((m) => m.subject === subject); i++)
      await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(smtp.inbox.filter((m) => m.subject === subject)).toHaveLength(1);
  });

  it("unsent mail follows a changed address and is dropped when the address is removed", async () => {
    const [a] = await signedWith("2026-04-10");
    await runControl(database, cfg, new Date("2026-04-08T05:00:00Z"), mail);
    expect((await member.patch("/api/auth/me", { email: "member.new@example.kz" })).statusCode).toBe(200);
    expect((await outboxFor(a.id)).map((r) => r.to_address)).toEqual(["member.new@example.kz"]);
    expect((await member.patch("/api/auth/me", { email: null })).statusCode).toBe(200);
    expect(await outboxFor(a.id)).toEqual([]);
    expect((await member.get("/api/auth/me")).json().user.email).toBeNull();
    // The in-app notification is still there.
    const notes = (await member.get("/api/notifications")).json().items;
    expect(
      notes.some(
        (n: { entityId: string; kind: string }) => n.entityId === a.id && n.kind === "deadline_near",
      ),
    ).toBe(true);
    const audit = await database.query<{ before: unknown; after: unknown }>(
      "select before, after from audit_event where action = 'auth.email_changed' and entity_id = $1 order by id",
      [memberId],
    );
    expect(audit.slice(-2)).toEqual([
      { before: { hasEmail: true }, after: { hasEmail: true } },
      { before: { hasEmail: true }, after: { hasEmail: false } },
    ]);
    expect((await member.patch("/api/auth/me", { email: "member@example.kz" })).statusCode).toBe(200);
  });

  it("without SMTP settings nothing is queued and the app says so", async () => {
    const plain = await buildApp({ database, config: { signInRateLimit: 1000 } });
    try {
      const c = await signIn(plain, "member");
      expect((await c.get("/api/auth/me")).json()).toMatchObject({
        mailEnabled: false,
        user: { email: "member@example.kz" },
      });
      const [a] = await signedWith("2026-05-10");
      expect(await runControl(database, cfg, new Date("2026-05-08T05:00:00Z"))).toBeGreaterThan(0);
      expect(await outboxFor(a.id)).toEqual([]);
      const notes = (await c.get("/api/notifications")).json().items;
      expect(notes.some((n: { entityId: string }) => n.entityId === a.id)).toBe(true);
    } finally {
      await plain.close();
    }
  });
});
