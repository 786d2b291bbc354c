/**
 * The demo's incident for the modules that keep records about one (affected people, consequences):
 * filed as any report is (routing, history, audit), by a demo account, once — a retried seed finds it
 * by its idempotency key. Synthetic: an invented event at a real place.
 */
import type { z } from "zod";
import { reportIncidentBody } from "../../../domain/contracts/incidents";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { reportIncident } from "./incidents.service";

/** File (or find) the demo report `key` as the user of `ctx`; returns its id. */
export async function fileDemoIncident(
  database: Database,
  ctx: Required<RequestContext>,
  key: string,
  input: z.input<typeof reportIncidentBody>,
): Promise<string> {
  // Through the contract, as a request would be: its defaults filled in, its rules applied.
  const r = await reportIncident(database, ctx, key, reportIncidentBody.parse(input));
  return r.incident.id;
}
