/**
 * The audit log as a person reads it: each entry with the person who acted (full name and body),
 * the person an account entry is about, and the web page of the record. The people come from the
 * auth module through a look-up the entry injects (audit is below auth: it cannot import it), once
 * per page of entries.
 */
import { auditRecordLink } from "../../../domain/audit-links";
import type { PersonView } from "../../../domain/contracts/people";

/** Resolves account ids to people, all at once (auth's `peopleByIds`). */
export type PeopleLookup = (ids: readonly string[]) => Promise<Map<string, PersonView>>;

type Entry = { actorId: string | null; entityType: string; entityId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function withPeople<E extends Entry>(items: E[], people: PeopleLookup) {
  const ids = new Set<string>();
  for (const e of items) {
    if (e.actorId) ids.add(e.actorId);
    if (e.entityType === "user" && UUID.test(e.entityId)) ids.add(e.entityId);
  }
  const found = ids.size ? await people([...ids]) : new Map<string, PersonView>();
  return items.map((e) => ({
    ...e,
    actor: (e.actorId && found.get(e.actorId)) || null,
    subject: e.entityType === "user" ? (found.get(e.entityId) ?? null) : null,
    link: auditRecordLink(e.entityType, e.entityId),
  }));
}
