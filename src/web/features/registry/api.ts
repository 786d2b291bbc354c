/** The registry of bodies: query keys, reads, and what a change makes stale. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "../../api/client";
import type { BodyDetail } from "../../api/types";

export const bodyKeys = {
  /** Every list and search of bodies (the registry page, pickers, map counts). */
  all: ["bodies"] as const,
  detail: (id: string) => ["body", id] as const,
};

export function useBody(id: string) {
  return useQuery({
    queryKey: bodyKeys.detail(id),
    queryFn: () => ok(api.GET("/api/bodies/{id}", { params: { path: { id } } })),
  });
}

export function useBodyChanged(id: string) {
  const qc = useQueryClient();
  return {
    /** Re-read the body (its members changed, or someone else changed it). */
    reload: () => void qc.invalidateQueries({ queryKey: bodyKeys.detail(id) }),
    /** The body as saved in place; the lists re-read. */
    saved: (b: BodyDetail) => {
      qc.setQueryData(bodyKeys.detail(id), b);
      return qc.invalidateQueries({ queryKey: bodyKeys.all });
    },
    /** The body is gone from the lists. */
    removed: () => qc.invalidateQueries({ queryKey: bodyKeys.all }),
  };
}
