/** The signed-in user (GET /api/auth/me), shared by every page. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, ok } from "./api/client";
import type { MeResponse } from "./api/types";

export function useMe() {
  return useQuery<MeResponse | null>({
    queryKey: ["me"],
    queryFn: async () => {
      try {
        return await ok(api.GET("/api/auth/me"));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function useInvalidateAll() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries();
}
