/**
 * Where an audited record is seen in the web app: the audit log links each entry to its page.
 * A record with a page of its own opens it; a part of a record (a passport, a task, a force) opens
 * the section that lists it; an account or a server-wide action has no page (null).
 */

/** Record types whose id is the id of their own page. */
const ownPage: Record<string, (id: string) => string> = {
  incident: (id) => `/response/${id}`,
  operation: (id) => `/operations/${id}`,
  plan: (id) => `/prevention/plans/${id}`,
  meeting: (id) => `/prevention/meetings/${id}`,
  assignment: (id) => `/prevention/assignments/${id}`,
  body: (id) => `/registry/${id}`,
  vulnerable_object: (id) => `/objects/${id}`,
  consequence_plan: (id) => `/consequences/plans/${id}`,
  consequence_activation: (id) => `/consequences/activations/${id}`,
};

/** Record types shown within a section page. */
const sectionPage: Record<string, string> = {
  exercise: "/prevention/exercises",
  prevention: "/prevention",
  membership: "/registry",
  registry: "/registry",
  object_passport: "/objects",
  object_programme: "/objects",
  object_inspection: "/objects",
  object_list_version: "/objects",
  operation_force: "/response",
  consequence_task: "/consequences",
  consequence_request: "/consequences",
  consequence_statement: "/consequences",
  consequence_damaged_object: "/consequences",
  consequence_env_check: "/consequences",
  affected_person: "/consequences/people",
  affected_person_access: "/consequences/people",
  affected_person_list: "/consequences/people",
  affected_person_match: "/consequences/people",
  affected_person_match_list: "/consequences/people",
  threat_level_declaration: "/threat",
  threat_level_task: "/threat",
  threat_measure_catalogue: "/threat",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The web route of an audited record, or null when it has none. */
export function auditRecordLink(entityType: string, entityId: string): string | null {
  const own = ownPage[entityType];
  if (own && UUID.test(entityId)) return own(entityId);
  return sectionPage[entityType] ?? null;
}

/** The record types the audit log names (each has a label in the web catalogues: audit.entity.*). */
export const auditRecordTypes = [...Object.keys(ownPage), ...Object.keys(sectionPage), "user"] as const;
