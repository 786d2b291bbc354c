/** Consequences (R20–R23): answer types, query keys and the live stream that keeps boards current. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { Answer } from "../../api/types";

export type ForceBoard = Answer<"/api/consequences/forces", "get">;
export type Force = ForceBoard["items"][number];
export type PlanDetail = Answer<"/api/consequences/plans/{id}", "get">;
export type PlanCheck = Answer<"/api/consequences/plans/{id}/check", "get">;
export type ActivationBoard = Answer<"/api/consequences/activations/{id}", "get">;
export type LiveTask = ActivationBoard["tasks"][number];

export const keys = {
  all: ["consequences"] as const,
  forces: (territory: string) => ["consequences", "forces", territory] as const,
  plans: ["consequences", "plans"] as const,
  plan: (id: string) => ["consequences", "plan", id] as const,
  check: (id: string) => ["consequences", "check", id] as const,
  activations: ["consequences", "activations"] as const,
  board: (id: string) => ["consequences", "board", id] as const,
  mine: ["consequences", "mine"] as const,
  summary: ["consequences", "summary"] as const,
};

export type MyTasks = Answer<"/api/consequences/tasks/mine", "get">;

/** An event of the live stream: `tasks`, when present, are the reader's own tasks it changed (as "my tasks" shows them). */
type LiveEvent = { event: string; activationId: string; tasks?: LiveTask[] };

/**
 * `changed` put into `list` as GET /api/consequences/tasks/mine orders it: a task already there is
 * replaced; the others join their activation's tasks (a new activation's first: newest first), by
 * deadline; done tasks last.
 */
export function mergeTasks(list: readonly LiveTask[], changed: readonly LiveTask[]): LiveTask[] {
  const had = new Set(list.map((x) => x.id));
  const byId = new Map(changed.map((x) => [x.id, x]));
  const groups = new Map<string, LiveTask[]>();
  for (const x of changed)
    if (!had.has(x.id) && !list.some((y) => y.activationId === x.activationId))
      groups.set(x.activationId, []);
  for (const x of list) {
    const g = groups.get(x.activationId) ?? [];
    g.push(byId.get(x.id) ?? x);
    groups.set(x.activationId, g);
  }
  for (const x of changed) if (!had.has(x.id)) groups.get(x.activationId)?.push(x);
  const out: LiveTask[] = [];
  for (const g of groups.values()) out.push(...g.sort((a, b) => a.deadline.localeCompare(b.deadline)));
  return out.sort((a, b) => Number(a.status === "done") - Number(b.status === "done"));
}

/**
 * Live: activations, task moves and requests the reader may see (SSE). An event that carries the
 * reader's changed tasks puts them into "my tasks" and into that activation's board when it shows
 * the reader's own tasks — no re-read; the whole board of the activating side is re-read. Any other
 * event, a reset or a reconnect re-reads the boards and "my tasks" (what was missed may not have been
 * replayed).
 */
export function useConsequencesLive() {
  const qc = useQueryClient();
  useEffect(() => {
    const es = new EventSource("/api/events/consequences");
    const refresh = () => {
      void qc.invalidateQueries({ queryKey: keys.activations });
      void qc.invalidateQueries({ queryKey: ["consequences", "board"] });
      void qc.invalidateQueries({ queryKey: keys.mine });
      void qc.invalidateQueries({ queryKey: ["consequences", "restoration"] });
    };
    const heard = (m: MessageEvent<string>) => {
      let e: LiveEvent | null = null;
      try {
        e = JSON.parse(m.data) as LiveEvent;
      } catch {
        /* not ours: re-read */
      }
      const tasks = e?.tasks;
      if (!e || !Array.isArray(tasks)) return refresh();
      qc.setQueryData<MyTasks>(keys.mine, (old) => old && { ...old, items: mergeTasks(old.items, tasks) });
      const board = qc.getQueryData<ActivationBoard>(keys.board(e.activationId));
      if (board?.view === "own")
        qc.setQueryData<ActivationBoard>(keys.board(e.activationId), {
          ...board,
          tasks: board.tasks
            .map((x) => tasks.find((y) => y.id === x.id) ?? x)
            .concat(tasks.filter((y) => !board.tasks.some((x) => x.id === y.id))),
        });
      else void qc.invalidateQueries({ queryKey: keys.board(e.activationId) });
      void qc.invalidateQueries({ queryKey: keys.activations });
      void qc.invalidateQueries({ queryKey: ["consequences", "restoration"] });
    };
    es.addEventListener("consequences", heard);
    es.addEventListener("reset", refresh);
    let opened = false;
    es.onopen = () => {
      if (opened) refresh();
      opened = true;
    };
    return () => es.close();
  }, [qc]);
}
