/** The shipped boundaries for maps: fetched once per session (they change only with a release). */
import { useQuery } from "@tanstack/react-query";
import { api, ok } from "../api/client";

export function useRegions() {
  return useQuery({
    queryKey: ["geo", "regions"],
    queryFn: () => ok(api.GET("/api/geo/regions")),
    staleTime: Infinity,
  });
}

export function useDistricts() {
  return useQuery({
    queryKey: ["geo", "districts"],
    queryFn: () => ok(api.GET("/api/geo/districts")),
    staleTime: Infinity,
  });
}
