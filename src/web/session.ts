/** The signed-in user (GET /api/auth/session: the user or null, never a 401), shared by every page. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "./api/client";
import type { MeResponse } from "./api/types";

export function useMe() {
  return useQuery<MeResponse | null>({
    queryKey: ["me"],
    queryFn: async () => (await ok(api.GET("/api/auth/session"))).user,
    staleTime: 60_000,
  });
}

export function useInvalidateAll() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries();
}
