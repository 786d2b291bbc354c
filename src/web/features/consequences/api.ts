/** Consequences (R20–R23): answer types, query keys and the live stream that keeps boards current. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { Answer } from "../../api/types";

export type ForceBoard = Answer<"/api/consequences/forces", "get">;
export type Force = ForceBoard["items"][number];
export type PlanDetail = Answer<"/api/consequences/plans/{id}", "get">;
export type PlanCheck = Answer<"/api/consequences/plans/{id}/check", "get">;
export type ActivationBoard = Answer<"/api/consequences/activations/{id}", "get">;
export type LiveTask = ActivationBoard["tasks"][number];

export const keys = {
  all: ["consequences"] as const,
  forces: (territory: string) => ["consequences", "forces", territory] as const,
  plans: ["consequences", "plans"] as const,
  plan: (id: string) => ["consequences", "plan", id] as const,
  check: (id: string) => ["consequences", "check", id] as const,
  activations: ["consequences", "activations"] as const,
  board: (id: string) => ["consequences", "board", id] as const,
  mine: ["consequences", "mine"] as const,
  summary: ["consequences", "summary"] as const,
};

/**
 * Live: activations, task moves and requests the reader may see (SSE); each one re-reads the boards
 * and "my tasks". A reset or a reconnect re-reads too (what was missed may not have been replayed).
 */
export function useConsequencesLive() {
  const qc = useQueryClient();
  useEffect(() => {
    const es = new EventSource("/api/events/consequences");
    const refresh = () => {
      void qc.invalidateQueries({ queryKey: keys.activations });
      void qc.invalidateQueries({ queryKey: ["consequences", "board"] });
      void qc.invalidateQueries({ queryKey: keys.mine });
      void qc.invalidateQueries({ queryKey: ["consequences", "restoration"] });
    };
    es.addEventListener("consequences", refresh);
    es.addEventListener("reset", refresh);
    let opened = false;
    es.onopen = () => {
      if (opened) refresh();
      opened = true;
    };
    return () => es.close();
  }, [qc]);
}
