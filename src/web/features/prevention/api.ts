/** Plans of measures (R5–R13): query keys, reads, and what a change makes stale. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "../../api/client";
import type { PlanDetail } from "../../api/types";
import { useMe } from "../../session";

export const planKeys = {
  all: ["plans"] as const,
  list: (year: number) => ["plans", year] as const,
  detail: (id: string) => ["plan", id] as const,
  reports: (id: string) => ["plan-reports", id] as const,
};

export function usePlans(year: number) {
  return useQuery({
    queryKey: planKeys.list(year),
    queryFn: () => ok(api.GET("/api/plans", { params: { query: { year } } })),
  });
}

export function usePlan(id: string) {
  return useQuery({
    queryKey: planKeys.detail(id),
    queryFn: () => ok(api.GET("/api/plans/{id}", { params: { path: { id } } })),
  });
}

export function usePlanReports(id: string) {
  return useQuery({
    queryKey: planKeys.reports(id),
    queryFn: () => ok(api.GET("/api/plans/{id}/reports", { params: { path: { id } } })),
  });
}

/** After a change to plan `id`: put the answer in place (or re-read it), and the lists re-read. */
export function usePlanChanged(id: string) {
  const qc = useQueryClient();
  return {
    changed: (p: PlanDetail) => {
      qc.setQueryData(planKeys.detail(id), p);
      void qc.invalidateQueries({ queryKey: planKeys.all });
    },
    imported: () => {
      void qc.invalidateQueries({ queryKey: planKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: planKeys.all });
    },
    reported: () => void qc.invalidateQueries({ queryKey: planKeys.reports(id) }),
  };
}

/** Roles that run a commission's work: plans, meetings, exercises. */
const MANAGERS = ["commission_secretary", "atc_coordinator", "administrator"];

/** The signed-in user's grants on commissions they manage. */
export function useManagedCommissions() {
  const me = useMe().data!;
  return me.grants.filter((g) => MANAGERS.includes(g.role));
}

export type CommissionGrant = ReturnType<typeof useManagedCommissions>[number];
