/** Where a territory is (GET /api/territories/:code/place): the box to zoom to, its point, its boundary. */
import { useQuery } from "@tanstack/react-query";
import { api, ok } from "../../api/client";

export function useTerritoryPlace(code: string | null) {
  return useQuery({
    queryKey: ["territory-place", code],
    queryFn: () => ok(api.GET("/api/territories/{code}/place", { params: { path: { code: code! } } })),
    enabled: !!code,
    staleTime: 3_600_000,
  });
}
