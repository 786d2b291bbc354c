/** The prevention roll-up: query keys and reads of the dashboard and its drill-down. */
import { useQuery } from "@tanstack/react-query";
import { api, ok } from "../../api/client";
import type { Query } from "../../api/types";

export type DashboardQuery = Query<"/api/prevention/dashboard", "get">;
export type RecordsQuery = Query<"/api/prevention/dashboard/records", "get">;

/** A figure's records: the dashboard's year, quarter and territory narrowed by these. */
export type Drill = Pick<RecordsQuery, "category" | "subtype" | "outcome" | "territory"> & { title: string };

export const dashboardKeys = {
  view: (params: DashboardQuery) => ["dashboard", params] as const,
  records: (base: DashboardQuery, drill: Drill) => ["dashboard-records", base, drill] as const,
};

export function useDashboard(params: DashboardQuery) {
  return useQuery({
    queryKey: dashboardKeys.view(params),
    queryFn: () => ok(api.GET("/api/prevention/dashboard", { params: { query: params } })),
  });
}

/** Up to 200 records behind a figure. */
export function useDashboardRecords(base: DashboardQuery, drill: Drill) {
  return useQuery({
    queryKey: dashboardKeys.records(base, drill),
    queryFn: () =>
      ok(
        api.GET("/api/prevention/dashboard/records", {
          params: {
            query: {
              ...base,
              territory: drill.territory ?? base.territory,
              category: drill.category,
              subtype: drill.subtype,
              outcome: drill.outcome,
              limit: 200,
            },
          },
        }),
      ),
  });
}
