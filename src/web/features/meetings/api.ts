/** Meetings of a commission (R5): query keys, reads, and what a change makes stale. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "../../api/client";
import type { MeetingDetail } from "../../api/types";
import { assignmentKeys } from "../assignments/api";

export const meetingKeys = {
  all: ["meetings"] as const,
  list: (year: number) => ["meetings", year] as const,
  detail: (id: string) => ["meeting", id] as const,
};

export function useMeetings(year: number) {
  return useQuery({
    queryKey: meetingKeys.list(year),
    queryFn: () => ok(api.GET("/api/meetings", { params: { query: { year } } })),
  });
}

export function useMeeting(id: string) {
  return useQuery({
    queryKey: meetingKeys.detail(id),
    queryFn: () => ok(api.GET("/api/meetings/{id}", { params: { path: { id } } })),
  });
}

/** After a change to meeting `id`: its answer in place; the lists re-read, and the assignments, which
 * signing the protocol creates. */
export function useMeetingChanged(id: string) {
  const qc = useQueryClient();
  return (next: MeetingDetail) => {
    qc.setQueryData(meetingKeys.detail(id), next);
    void qc.invalidateQueries({ queryKey: meetingKeys.all });
    void qc.invalidateQueries({ queryKey: assignmentKeys.all });
  };
}
