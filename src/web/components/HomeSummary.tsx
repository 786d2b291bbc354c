/**
 * What a person opens first: the situation for their roles, each item a link to its page — HQ officers:
 * open reports, those not yet taken up, active operations (R16–R19); commission secretaries and members:
 * overdue and open assignments, the next meeting and exercise (R5, R10.3); the ATC and readers of the
 * roll-up: the national dashboard; everyone: the threat level page and their unread notices.
 * Only endpoints the roles may read are asked (no 403 on the home page).
 */
import { Card, SimpleGrid, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { canReadRollup } from "../../domain/policy";
import type { Role } from "../../domain/roles";
import { api, ok } from "../api/client";
import { formatDay, formatMinute, nameOf } from "../format";
import { Link } from "../router";
import { ThreatLevelBadge, useMyThreatLevels } from "./ThreatLevel";

const HQ_ROLES: Role[] = ["hq_officer", "atc_coordinator", "administrator"];
const COMMISSION_ROLES: Role[] = ["commission_secretary", "commission_member", "atc_coordinator"];

function Item({
  to,
  label,
  value,
  testId,
  alert,
}: {
  to: string;
  label: string;
  value: ReactNode;
  testId: string;
  alert?: boolean;
}) {
  return (
    <Card withBorder component={Link} to={to} data-testid={testId}>
      <Text size="sm">{label}</Text>
      <Text component="div" fw={700} size="xl" c={alert ? "red.8" : undefined}>
        {value}
      </Text>
    </Card>
  );
}

/** The total of a list endpoint that answers { total } (one row asked for). */
function useTotal(path: string, query: Record<string, unknown>, on: boolean) {
  return useQuery({
    queryKey: ["home", path, query],
    enabled: on,
    // biome-ignore lint/suspicious/noExplicitAny: one helper over several list endpoints that all answer { total }
    queryFn: () => ok((api.GET as any)(path, { params: { query } })) as Promise<{ total: number }>,
  });
}

const today = () => new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);

export function HomeSummary({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  const hq = roles.some((r) => HQ_ROLES.includes(r));
  const commission = roles.some((r) => COMMISSION_ROLES.includes(r));
  const rollup = canReadRollup(roles.map((role) => ({ role })));
  const open = useTotal("/api/incidents", { open: true, limit: 1 }, hq);
  const waiting = useTotal("/api/incidents", { status: "received", limit: 1 }, hq);
  const ops = useTotal("/api/operations", { status: "active", limit: 1 }, hq);
  const overdue = useTotal("/api/assignments", { scope: "all", status: "overdue", limit: 1 }, commission);
  const openAssignments = useTotal(
    "/api/assignments",
    { scope: "all", status: "open", limit: 1 },
    commission,
  );
  const year = Number(today().slice(0, 4));
  const meetings = useQuery({
    queryKey: ["home", "meetings", year],
    enabled: commission,
    queryFn: () => ok(api.GET("/api/meetings", { params: { query: { year } } })),
  });
  const to = `${year + 1}-12-31`;
  const exercises = useQuery({
    queryKey: ["home", "exercises", today()],
    enabled: commission,
    queryFn: () => ok(api.GET("/api/exercises", { params: { query: { from: today(), to } } })),
  });
  const notices = useQuery({ queryKey: ["notifications"], queryFn: () => ok(api.GET("/api/notifications")) });
  const now = new Date().toISOString();
  const nextMeeting = meetings.data?.items
    .filter((m) => m.status === "planned" && m.heldAt >= now)
    .sort((a, b) => a.heldAt.localeCompare(b.heldAt))[0];
  const nextExercise = exercises.data?.items
    .filter((e) => e.status === "planned")
    .sort((a, b) => a.date.localeCompare(b.date))[0];
  const n = (q: { data?: { total: number } }) => (q.data ? q.data.total : "…");

  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="home-summary">
      {hq && (
        <>
          <Item to="/response" testId="home-open-reports" label={t("home.openReports")} value={n(open)} />
          <Item
            to="/response"
            testId="home-waiting-reports"
            label={t("home.waitingReports")}
            value={n(waiting)}
            alert={(waiting.data?.total ?? 0) > 0}
          />
          <Item to="/response" testId="home-operations" label={t("home.activeOperations")} value={n(ops)} />
        </>
      )}
      {commission && (
        <>
          <Item
            to="/prevention/assignments"
            testId="home-overdue"
            label={t("home.overdueAssignments")}
            value={n(overdue)}
            alert={(overdue.data?.total ?? 0) > 0}
          />
          <Item
            to="/prevention/assignments"
            testId="home-open-assignments"
            label={t("home.openAssignments")}
            value={n(openAssignments)}
          />
          <Item
            to={nextMeeting ? `/prevention/meetings/${nextMeeting.id}` : "/prevention/meetings"}
            testId="home-next-meeting"
            label={t("home.nextMeeting")}
            value={
              <Text span fw={600}>
                {nextMeeting
                  ? `${formatMinute(nextMeeting.heldAt)} · ${nameOf(nextMeeting.body.names)}`
                  : t("home.noneScheduled")}
              </Text>
            }
          />
          <Item
            to="/prevention/exercises"
            testId="home-next-exercise"
            label={t("home.nextExercise")}
            value={
              <Text span fw={600}>
                {nextExercise
                  ? `${formatDay(nextExercise.date)} · ${nextExercise.title}`
                  : t("home.noneScheduled")}
              </Text>
            }
          />
        </>
      )}
      {rollup && (
        <Item
          to="/prevention/dashboard"
          testId="home-dashboard"
          label={t("home.dashboard")}
          value={
            <Text span fw={600}>
              {t("home.openDashboard")}
            </Text>
          }
        />
      )}
      <Item to="/threat" testId="home-threat" label={t("home.threat")} value={<HomeThreatLevel />} />
      <Item
        to="/prevention/assignments"
        testId="home-notices"
        label={t("home.notices")}
        value={notices.data ? notices.data.unread : "…"}
      />
    </SimpleGrid>
  );
}

/** The level in force at the user's (first) territory, or the strongest in parts of it, with the territory. */
function HomeThreatLevel() {
  const { t } = useTranslation();
  const mine = useMyThreatLevels();
  const first = mine.data?.items[0];
  if (!first) return <Text span>{mine.isLoading ? "…" : t("threat.noLevel")}</Text>;
  return (
    <span data-testid="home-threat-level">
      {first.level || !first.highestWithin ? (
        <ThreatLevelBadge level={first.level} size="lg" />
      ) : (
        <Text span fw={600}>
          {t("threat.inParts", { level: t(`threatLevel.${first.highestWithin}`) })}
        </Text>
      )}
      <Text span display="block" size="sm" c="dimmed">
        {nameOf(first.territory.names)}
      </Text>
    </span>
  );
}
