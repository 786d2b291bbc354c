/**
 * The audit log's record types: each one the server writes has a label in kk, ru and en and, where
 * it has a page, a link to it (src/domain/audit-links.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditRecordLink, auditRecordTypes } from "../../src/domain/audit-links";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}
const written = new Set(
  files("src/server").flatMap((f) =>
    [...readFileSync(f, "utf8").matchAll(/entityType: "([a-z_]+)"/g)].map((m) => m[1]),
  ),
);
const catalogues = ["kk", "ru", "en"].map(
  (l) =>
    JSON.parse(readFileSync(`src/web/i18n/${l}.json`, "utf8")) as {
      audit: { entity: Record<string, string> };
    },
);

describe("audit record types", () => {
  it("every type the server writes is known and labelled in kk, ru and en", () => {
    expect(written.size).toBeGreaterThan(20);
    for (const t of written) {
      expect(auditRecordTypes, t).toContain(t);
      for (const c of catalogues) expect(c.audit.entity[t], t).toBeTruthy();
    }
  });

  it("links a record with a page to it, a part of one to its section, an account to nothing", () => {
    const id = "0e0ed5b2-1111-4222-8333-444455556666";
    expect(auditRecordLink("incident", id)).toBe(`/response/${id}`);
    expect(auditRecordLink("operation", id)).toBe(`/operations/${id}`);
    expect(auditRecordLink("assignment", id)).toBe(`/prevention/assignments/${id}`);
    expect(auditRecordLink("body", id)).toBe(`/registry/${id}`);
    expect(auditRecordLink("operation_force", id)).toBe("/response");
    expect(auditRecordLink("registry", "")).toBe("/registry");
    expect(auditRecordLink("user", id)).toBeNull();
    expect(auditRecordLink("incident", "not-an-id")).toBeNull();
    expect(auditRecordLink("unknown", id)).toBeNull();
  });
});
