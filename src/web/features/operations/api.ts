/** Counter-terrorist operations (R17–R19): query keys, reads, and what a change makes stale. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "../../api/client";
import type { OperationDetail } from "../../api/types";
import { useLiveRefresh } from "../../components/useLiveRefresh";

export const operationKeys = {
  all: ["operations"] as const,
  detail: (id: string) => ["operation", id] as const,
};

/**
 * One operation, live while open (several HQs and forces work on it at once): re-read on each change
 * the server announces (/api/events/operations/:id); polled every 10 s only while the stream is down.
 */
export function useOperation(id: string) {
  const qc = useQueryClient();
  const live = useLiveRefresh(`/api/events/operations/${id}`, "operation", () => {
    void qc.invalidateQueries({ queryKey: operationKeys.detail(id) });
  });
  return useQuery({
    queryKey: operationKeys.detail(id),
    queryFn: () => ok(api.GET("/api/operations/{id}", { params: { path: { id } } })),
    refetchInterval: live ? false : 10_000,
  });
}

/** After a change to operation `id`: its answer in place, the lists (board, active ones) re-read. */
export function useOperationChanged(id: string) {
  const qc = useQueryClient();
  return (o: OperationDetail) => {
    qc.setQueryData(operationKeys.detail(id), o);
    void qc.invalidateQueries({ queryKey: operationKeys.all });
  };
}
