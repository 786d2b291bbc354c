/** Exercises, drills and trainings (R10.2, R10.3): query keys, reads, and what a change makes stale. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "../../api/client";
import { nameOf } from "../../format";

export const exerciseKeys = {
  all: ["exercises"] as const,
  range: (from: string, to: string) => ["exercises", from, to] as const,
  members: (bodyId: string) => ["body-members", bodyId] as const,
};

/** The exercises dated from `from` to `to` (ISO dates, both included). */
export function useExercises(from: string, to: string) {
  return useQuery({
    queryKey: exerciseKeys.range(from, to),
    queryFn: () => ok(api.GET("/api/exercises", { params: { query: { from, to } } })),
  });
}

/** After an exercise was planned or its results recorded: every month re-read. */
export function useExercisesChanged() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: exerciseKeys.all });
}

/** Member bodies of a commission, to choose participants and executors from. */
export function useMembers(bodyId: string) {
  return useQuery({
    queryKey: exerciseKeys.members(bodyId),
    queryFn: () => ok(api.GET("/api/bodies/{id}", { params: { path: { id: bodyId } } })),
    enabled: !!bodyId,
    select: (b) => b.members.map((m) => ({ value: m.memberBodyId, label: nameOf(m.memberNames) })),
  });
}
