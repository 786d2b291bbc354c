/** Assignments under control (R5): query keys, reads, and what a step makes stale. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { assignmentStatuses } from "../../../domain/prevention";
import { api, ok } from "../../api/client";
import type { AssignmentDetail } from "../../api/types";

/** Whose assignments: assigned to my body, under my control, everything I may read. */
export const SCOPES = ["mine", "control", "all"] as const;
const STATUS_FILTERS = ["open", "overdue", ...assignmentStatuses] as const;
export const PAGE_SIZE = 50;

export const assignmentKeys = {
  all: ["assignments"] as const,
  list: (scope: string, status: string, page: number, bodyId: string | null) =>
    ["assignments", scope, status, page, bodyId] as const,
  detail: (id: string) => ["assignment", id] as const,
  discipline: (from: string, to: string) => ["discipline", from, to] as const,
};

/** One page of the list; a status that is not a filter (""), as every status. */
export function useAssignments({
  scope,
  status,
  page,
  bodyId,
}: {
  scope: (typeof SCOPES)[number];
  status: string;
  page: number;
  bodyId: string | null;
}) {
  return useQuery({
    queryKey: assignmentKeys.list(scope, status, page, bodyId),
    queryFn: () =>
      ok(
        api.GET("/api/assignments", {
          params: {
            query: {
              scope,
              status: STATUS_FILTERS.find((s) => s === status),
              bodyId: bodyId ?? undefined,
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
            },
          },
        }),
      ),
  });
}

export function useAssignment(id: string) {
  return useQuery({
    queryKey: assignmentKeys.detail(id),
    queryFn: () => ok(api.GET("/api/assignments/{id}", { params: { path: { id } } })),
  });
}

export function useDiscipline(from: string, to: string) {
  return useQuery({
    queryKey: assignmentKeys.discipline(from, to),
    queryFn: () => ok(api.GET("/api/assignments/discipline", { params: { query: { from, to } } })),
    enabled: !!from && !!to,
  });
}

/** After a step on assignment `id`: its answer in place, the lists re-read. */
export function useAssignmentChanged(id: string) {
  const qc = useQueryClient();
  return (next: AssignmentDetail) => {
    qc.setQueryData(assignmentKeys.detail(id), next);
    void qc.invalidateQueries({ queryKey: assignmentKeys.all });
  };
}
