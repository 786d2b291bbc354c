/** The live hook's merge of an event's tasks into "my tasks" (web/features/consequences/api.ts): the server's order kept. */
import { describe, expect, it } from "vitest";
import { type LiveTask, mergeTasks } from "../../src/web/features/consequences/api";

const task = (id: string, activationId: string, deadline: string, status = "assigned") =>
  ({ id, activationId, deadline: `2026-12-07T${deadline}:00.000Z`, status }) as unknown as LiveTask;
const ids = (xs: LiveTask[]) => xs.map((x) => x.id);

describe("mergeTasks", () => {
  const list = [task("a1", "A", "10:00"), task("a2", "A", "11:00"), task("b1", "B", "09:00")];

  it("puts a new activation's tasks first, by deadline", () => {
    const merged = mergeTasks(list, [task("c2", "C", "12:00"), task("c1", "C", "08:00")]);
    expect(ids(merged)).toEqual(["c1", "c2", "a1", "a2", "b1"]);
  });

  it("replaces a task in place and moves a done one last", () => {
    expect(ids(mergeTasks(list, [task("a1", "A", "10:00", "done")]))).toEqual(["a2", "b1", "a1"]);
    const accepted = mergeTasks(list, [task("a2", "A", "11:00", "accepted")]);
    expect(accepted.map((x) => [x.id, x.status])).toEqual([
      ["a1", "assigned"],
      ["a2", "accepted"],
      ["b1", "assigned"],
    ]);
  });

  it("adds a task to its activation's tasks by deadline", () => {
    expect(ids(mergeTasks(list, [task("a3", "A", "10:30")]))).toEqual(["a1", "a3", "a2", "b1"]);
  });
});
