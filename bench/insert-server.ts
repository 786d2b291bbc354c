/**
 * Baselines for the intake benchmark, on the same PostgreSQL database — the same zod contract and one
 * INSERT each, with no session, policy, routing, history, audit or events:
 *  - /bare-insert: the validated body as one jsonb value into a table with a primary key only;
 *  - /bare-report: the validated report as a row of a table shaped like `incident` (its columns,
 *    defaults and indexes, the trigram index included; not its foreign keys), the reporter, HQ and
 *    path fixed instead of looked up.
 */
import { randomUUID } from "node:crypto";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import pg from "pg";
import { z } from "zod";
import { idempotencyKey, reportIncidentBody } from "../src/domain/contracts/incidents";

const [port, url] = [Number(process.argv[2]), process.argv[3]];
// Connections kept while idle: a backend that ends during a run takes its CPU time out of the
// bench's sum over PostgreSQL's processes when it ends between the reads of its parent and itself.
const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 0 });
await pool.query(
  "create table if not exists bench_insert (id uuid primary key default gen_random_uuid(), body jsonb not null)",
);
await pool.query(
  "create table if not exists bench_report (like incident including defaults including constraints including indexes)",
);
await pool.query("create sequence if not exists bench_report_seq");
const app = Fastify({ logger: false });
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
app.post("/bare-insert", { schema: { body: reportIncidentBody } }, async (req, reply) => {
  const { rows } = await pool.query("insert into bench_insert (body) values ($1) returning id", [req.body]);
  return reply.status(201).send({ id: rows[0].id });
});
const [reporterBody, reporterUser, hqBody] = [randomUUID(), randomUUID(), randomUUID()];
app
  .withTypeProvider<ZodTypeProvider>()
  .post(
    "/bare-report",
    { schema: { headers: z.object({ "idempotency-key": idempotencyKey }), body: reportIncidentBody } },
    async (req, reply) => {
      const b = req.body;
      const { rows } = await pool.query(
        `insert into bench_report (reg_number, type, occurred_at, territory_code, territory_path, offshore, address,
         lat, lon, description, casualties, reporter_contact, reporter_body_id, reporter_user_id, idempotency_key,
         hq_body_id, hq_territory_path, ack_deadline)
       values ('2026-' || lpad(nextval('bench_report_seq')::text, 6, '0'), $1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10,
         $11, $12, $13, $14, $3, now() + interval '5 minutes')
       returning *`,
        [
          b.type,
          b.occurredAt,
          b.territoryCode,
          b.offshore,
          b.address,
          b.lat ?? null,
          b.lon ?? null,
          b.description,
          b.casualties ?? null,
          b.reporterContact,
          reporterBody,
          reporterUser,
          req.headers["idempotency-key"],
          hqBody,
        ],
      );
      return reply.status(201).send({ id: rows[0].id, regNumber: rows[0].reg_number });
    },
  );
await app.listen({ host: "127.0.0.1", port });
console.log(`READY ${port}`);
