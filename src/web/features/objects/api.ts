/** Vulnerable objects (R10.5): query keys, reads, and what a change makes stale. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "../../api/client";

export const objectKeys = {
  all: ["objects"] as const,
  list: (q: Record<string, unknown>) => ["objects", "list", q] as const,
  one: (id: string) => ["objects", "one", id] as const,
  inspections: (id: string) => ["objects", "inspections", id] as const,
  catalogue: ["objects", "catalogue"] as const,
  programmes: ["objects", "programmes"] as const,
  compliance: (territory?: string) => ["objects", "compliance", territory ?? ""] as const,
};

/** `after`: the `next` of the page before (keyset pages; none for the first). */
export type ObjectFilters = { q?: string; category?: string; passport?: string; after?: string };

export function useObjects(f: ObjectFilters) {
  return useQuery({
    queryKey: objectKeys.list(f),
    queryFn: () =>
      ok(
        api.GET("/api/objects", {
          params: {
            query: {
              q: f.q || undefined,
              category: f.category || undefined,
              passport: (f.passport || undefined) as never,
              after: f.after || undefined,
              limit: 50,
            },
          },
        }),
      ),
  });
}

export function useCatalogue() {
  return useQuery({
    queryKey: objectKeys.catalogue,
    queryFn: () => ok(api.GET("/api/objects/catalogue")),
    staleTime: 3_600_000,
  });
}

export function useObject(id: string) {
  return useQuery({
    queryKey: objectKeys.one(id),
    queryFn: () => ok(api.GET("/api/objects/{id}", { params: { path: { id } } })),
  });
}

export function useInspections(id: string) {
  return useQuery({
    queryKey: objectKeys.inspections(id),
    queryFn: () => ok(api.GET("/api/objects/{id}/inspections", { params: { path: { id } } })),
  });
}

export function useProgrammes() {
  return useQuery({
    queryKey: objectKeys.programmes,
    queryFn: () => ok(api.GET("/api/object-programmes", { params: { query: {} } })),
  });
}

export function useCompliance(territory?: string) {
  return useQuery({
    queryKey: objectKeys.compliance(territory),
    queryFn: () => ok(api.GET("/api/objects/compliance", { params: { query: { territory } as never } })),
  });
}

/** After any change to objects, passports, inspections or programmes: re-read them all. */
export function useObjectsChanged() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: objectKeys.all });
}
