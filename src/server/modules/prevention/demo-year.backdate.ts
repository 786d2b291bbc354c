/**
 * Dating back the demo year (demo-year.seed.ts): the services stamp every step with the moment the seed
 * runs, so once a commission's year is written through them its history is moved here, in the module's
 * own tables, to when the work would have happened — protocols signed two hours after the meeting,
 * decisions assigned when the protocol was signed, reports before the deadline for work done on time
 * and after it for work done late, accepted up to a day later; quarterly execution reports after the
 * quarter, on or after the reporting day for those that were late (R5, R12). Nothing is dated in the
 * future, and no outcome changes: an assignment's status and a commission's reporting state per
 * quarter stay what the services computed. The audit log is not touched (it is a hash chain).
 */
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { deadlineEnd, type Quarter, quarterReportDue, reportingState } from "../../../domain/prevention";
import type { Database } from "../../platform/db";
import {
  assignment,
  assignmentEvent,
  decision,
  exercise,
  measureReport,
  meeting,
  plan,
  planMeasure,
} from "./prevention.tables";
import { rebuildRollup } from "./rollup.service";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The end of a quarter's last day in Almaty. */
const quarterEnd = (year: number, q: Quarter) =>
  deadlineEnd(new Date(Date.UTC(year, q * 3, 0)).toISOString().slice(0, 10)).getTime();

/** A date's hour in Almaty (UTC+5). */
const almatyAt = (day: string, hour: number) =>
  Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00+05:00`);

/**
 * Move the history of `commissionId`'s demo year (written at `now`) back to plausible past times.
 * Runs once, right after the year is seeded, in one transaction.
 */
export async function dateBackDemoYear(database: Database, commissionId: string, year: number, now: Date) {
  const nowMs = now.getTime();
  /** Never later than a minute before the seed ran. */
  const past = (t: number) => Math.min(t, nowMs - MINUTE);

  await database.db.transaction(async (tx) => {
    // Meetings held: the protocol signed two hours after the meeting opened, decisions taken during it.
    const held = await tx
      .select({ id: meeting.id, heldAt: meeting.heldAt })
      .from(meeting)
      .where(and(eq(meeting.bodyId, commissionId), isNotNull(meeting.signedAt)))
      .orderBy(asc(meeting.heldAt));
    const signedAt = new Map<string, number>();
    for (const m of held) {
      const opened = m.heldAt.getTime();
      const signed = past(opened + 2 * HOUR);
      signedAt.set(m.id, signed);
      await tx
        .update(meeting)
        .set({
          createdAt: new Date(opened - 7 * DAY),
          signedAt: new Date(signed),
          updatedAt: new Date(signed),
        })
        .where(eq(meeting.id, m.id));
      await tx
        .update(decision)
        .set({ createdAt: new Date(past(opened + HOUR)) })
        .where(eq(decision.meetingId, m.id));
    }

    // Exercises held: recorded the evening of the day, put in the calendar a month before.
    const exercises = await tx
      .select({ id: exercise.id, date: exercise.date })
      .from(exercise)
      .where(and(eq(exercise.ownerBodyId, commissionId), eq(exercise.status, "held")));
    const recordedAt = new Map<string, number>();
    for (const e of exercises) {
      const recorded = past(almatyAt(e.date, 18));
      recordedAt.set(e.id, recorded);
      await tx
        .update(exercise)
        .set({ createdAt: new Date(almatyAt(e.date, 10) - 30 * DAY), updatedAt: new Date(recorded) })
        .where(eq(exercise.id, e.id));
    }

    // Assignments: assigned when their protocol was signed (or the exercise recorded), reported and
    // accepted at times that agree with the status the services gave them.
    const rows = await tx
      .select({
        id: assignment.id,
        meetingId: assignment.meetingId,
        exerciseId: assignment.exerciseId,
        status: assignment.status,
        deadline: assignment.deadline,
      })
      .from(assignment)
      .where(eq(assignment.ownerBodyId, commissionId))
      .orderBy(asc(assignment.createdAt), asc(assignment.number));
    const seen = new Map<string, number>();
    for (const a of rows) {
      const source = a.meetingId ?? a.exerciseId ?? "";
      const base = (a.meetingId ? signedAt.get(a.meetingId) : recordedAt.get(a.exerciseId ?? "")) ?? null;
      if (base === null) continue;
      const k = seen.get(source) ?? 0;
      seen.set(source, k + 1);
      const due = deadlineEnd(a.deadline).getTime();
      // Assigned a minute apart, and in any case before its deadline ran out.
      const assigned = past(Math.min(base + k * MINUTE, due - 6 * HOUR));
      let reported: number | null = null;
      if (a.status === "done_on_time") {
        const until = Math.min(due, nowMs);
        reported = assigned + Math.min(3 * DAY, (until - assigned) / 2);
      } else if (a.status === "done_late") {
        reported = due + Math.min(2 * DAY, (nowMs - due) / 3);
      }
      const accepted = reported === null ? null : reported + Math.min(DAY, (nowMs - reported) / 2);
      const events = await tx
        .select({ id: assignmentEvent.id, action: assignmentEvent.action })
        .from(assignmentEvent)
        .where(eq(assignmentEvent.assignmentId, a.id))
        .orderBy(asc(assignmentEvent.id));
      let last = assigned;
      for (const [i, e] of events.entries()) {
        const at =
          i === 0
            ? assigned
            : e.action === "report" && reported !== null
              ? reported
              : e.action === "accept" && accepted !== null
                ? accepted
                : past(last + MINUTE);
        last = at;
        await tx
          .update(assignmentEvent)
          .set({ at: new Date(Math.round(at)) })
          .where(eq(assignmentEvent.id, e.id));
      }
      await tx
        .update(assignment)
        .set({
          createdAt: new Date(assigned),
          updatedAt: new Date(Math.round(last)),
          ...(reported !== null ? { reportedAt: new Date(Math.round(reported)) } : {}),
          ...(accepted !== null ? { closedAt: new Date(Math.round(accepted)) } : {}),
        })
        .where(eq(assignment.id, a.id));
    }

    // The plan: drafted and approved at the first meeting, whose protocol approves it.
    const [p] = await tx
      .select({ id: plan.id, createdAt: plan.createdAt })
      .from(plan)
      .where(and(eq(plan.bodyId, commissionId), eq(plan.year, year)));
    const first = held[0] && signedAt.get(held[0].id);
    if (!p || first === undefined) return;
    const created = first + 30 * MINUTE;
    const approved = past(first + HOUR);
    await tx
      .update(plan)
      .set({ createdAt: new Date(created), approvedAt: new Date(approved), updatedAt: new Date(approved) })
      .where(eq(plan.id, p.id));
    // The measures keep their order (created a microsecond apart), shifted with the plan.
    const shift = p.createdAt.getTime() - created;
    await tx
      .update(planMeasure)
      .set({ createdAt: sql`${planMeasure.createdAt} - ${shift}::bigint * interval '1 millisecond'` })
      .where(eq(planMeasure.planId, p.id));

    // Quarterly reports: on time — shortly after the quarter (or a day ago for the current one);
    // late — a few days after the reporting day. The state stays the one the seed's own time gave.
    const reports = await tx
      .select({ id: measureReport.id, quarter: measureReport.quarter, reportedAt: measureReport.reportedAt })
      .from(measureReport)
      .where(eq(measureReport.planId, p.id))
      .orderBy(asc(measureReport.quarter), asc(measureReport.reportedAt), asc(measureReport.id));
    const inQuarter = new Map<number, number>();
    for (const r of reports) {
      const q = r.quarter as Quarter;
      const i = inQuarter.get(q) ?? 0;
      inQuarter.set(q, i + 1);
      const dueAt = deadlineEnd(quarterReportDue(year, q)).getTime();
      // Late: on or after the reporting day (which the seed's own time was past), never after now.
      const at =
        reportingState(r.reportedAt, year, q, now) === "late"
          ? Math.max(dueAt, past(dueAt + 3 * DAY + i * MINUTE))
          : past(
              Math.max(approved + HOUR, Math.min(quarterEnd(year, q) + 2 * DAY, nowMs - DAY) + i * MINUTE),
            );
      await tx
        .update(measureReport)
        .set({ reportedAt: new Date(at) })
        .where(eq(measureReport.id, r.id));
    }
    await rebuildRollup(tx, sql`p.id = ${p.id}`);
  });
}
