/** Counter-terrorist operations (R17–R19): query keys, reads, and what a change makes stale. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "../../api/client";
import type { OperationDetail } from "../../api/types";

export const operationKeys = {
  all: ["operations"] as const,
  detail: (id: string) => ["operation", id] as const,
};

/** One operation, re-read every 10 s while open (several HQs work on it at once). */
export function useOperation(id: string) {
  return useQuery({
    queryKey: operationKeys.detail(id),
    queryFn: () => ok(api.GET("/api/operations/{id}", { params: { path: { id } } })),
    refetchInterval: 10_000,
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
