/** Baseline for the benchmarks: a bare Fastify route on the same machine, in its own process. */
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/bare", async () => ({ items: [{ id: "1", name: "bare" }], total: 1 }));
await app.listen({ host: "127.0.0.1", port: Number(process.argv[2] ?? 0) });
const addr = app.server.address();
console.log(`READY ${typeof addr === "object" && addr ? addr.port : 0}`);
