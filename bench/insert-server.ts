/**
 * Baseline for the intake benchmark: a bare validate-and-insert route on the same PostgreSQL database —
 * the same zod contract, one INSERT, no session, policy, routing, audit or events.
 */
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import pg from "pg";
import { reportIncidentBody } from "../src/domain/contracts/incidents";

const [port, url] = [Number(process.argv[2]), process.argv[3]];
const pool = new pg.Pool({ connectionString: url, max: 10 });
await pool.query(
  "create table if not exists bench_insert (id uuid primary key default gen_random_uuid(), body jsonb not null)",
);
const app = Fastify({ logger: false });
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
app.post("/bare-insert", { schema: { body: reportIncidentBody } }, async (req, reply) => {
  const { rows } = await pool.query("insert into bench_insert (body) values ($1) returning id", [req.body]);
  return reply.status(201).send({ id: rows[0].id });
});
await app.listen({ host: "127.0.0.1", port });
console.log(`READY ${port}`);
