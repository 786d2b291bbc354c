/**
 * Baseline for the public page and feed: @fastify/static serving files from a directory (argv[3]) in its
 * own process — what "the same bytes from a file" costs on this machine.
 */
import fastifyStatic from "@fastify/static";
import Fastify from "fastify";

const app = Fastify({ logger: false });
await app.register(fastifyStatic, { root: process.argv[3] });
await app.listen({ host: "127.0.0.1", port: Number(process.argv[2] ?? 0) });
const addr = app.server.address();
console.log(`READY ${typeof addr === "object" && addr ? addr.port : 0}`);
