/**
 * Consequences (the Rules, ch. 4: R20–R23): tabs for my tasks, forces and readiness, plans,
 * activations, and the read-only summary of the territory (R5, R14).
 */
import { Anchor, Badge, Button, Stack, Table, Tabs, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { Basis } from "../../components/Basis";
import { formatMinute, nameOf } from "../../format";
import { Link, navigate, useLocation } from "../../router";
import { useMe } from "../../session";
import { TasksTable } from "./ActivationBoard";
import { keys, useConsequencesLive } from "./api";
import { ForcesBoard } from "./ForcesBoard";
import { ActivateForm } from "./LiveForms";
import { PlanEditor } from "./PlanEditor";

function MyTasks() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: keys.mine, queryFn: () => ok(api.GET("/api/consequences/tasks/mine")) });
  if (!q.data) return null;
  if (!q.data.items.length) return <Text>{t("consequences.mine.none")}</Text>;
  return (
    <TasksTable tasks={q.data.items} onChanged={() => void qc.invalidateQueries({ queryKey: keys.mine })} />
  );
}

function Plans({ territory }: { territory: string }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: keys.plans, queryFn: () => ok(api.GET("/api/consequences/plans")) });
  return (
    <Stack>
      {q.data && q.data.canCreateIn.length > 0 && !creating && (
        <Button w="fit-content" onClick={() => setCreating(true)} data-testid="plan-new">
          {t("consequences.plan.new")}
        </Button>
      )}
      {creating && (
        <PlanEditor
          territory={territory}
          onDone={(p) => navigate(`/consequences/plans/${p.id}`)}
          onCancel={() => setCreating(false)}
        />
      )}
      <Table data-testid="plans-table">
        <Table.Tbody>
          {q.data?.items.length === 0 && (
            <Table.Tr>
              <Table.Td>{t("consequences.plan.empty")}</Table.Td>
            </Table.Tr>
          )}
          {q.data?.items.map((p) => (
            <Table.Tr key={p.id} data-testid="plan-row" data-status={p.status}>
              <Table.Td>
                <Anchor component={Link} to={`/consequences/plans/${p.id}`}>
                  {p.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {nameOf(p.territory.names)} ·{" "}
                  {p.scenario ? t(`consequences.scenario.${p.scenario}`) : t("consequences.plan.noScenario")}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`consequences.planStatus.${p.status}`)}</Badge>{" "}
                {t("consequences.plan.versionShort", { n: p.versionNo })}
                {p.reviewDue && (
                  <Text size="xs" c="red">
                    {t("consequences.plan.reviewDue")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {t("consequences.plan.tasks")}: {p.taskCount}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Activations() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const q = useQuery({
    queryKey: keys.activations,
    queryFn: () => ok(api.GET("/api/consequences/activations")),
  });
  return (
    <Stack>
      {q.data?.canActivate && (
        <ActivateForm operationId={search.get("operation")} incidentId={search.get("incident")} />
      )}
      <Table data-testid="activations-table">
        <Table.Tbody>
          {q.data?.items.length === 0 && (
            <Table.Tr>
              <Table.Td>{t("consequences.activation.empty")}</Table.Td>
            </Table.Tr>
          )}
          {q.data?.items.map((a) => (
            <Table.Tr key={a.id} data-testid="activation-row">
              <Table.Td>
                <Anchor component={Link} to={`/consequences/activations/${a.id}`}>
                  № {a.number}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {nameOf(a.territory.names)} · {formatMinute(a.activatedAt)} ·{" "}
                  {a.plans.map((p) => p.title).join("; ")}
                </Text>
              </Table.Td>
              <Table.Td>{t(`consequences.activationStatus.${a.status}`)}</Table.Td>
              <Table.Td>
                {t("consequences.board.done")}: {a.doneCount}/{a.taskCount} ·{" "}
                {t("consequences.board.overdue")}: {a.overdueCount}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Summary() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: keys.summary, queryFn: () => ok(api.GET("/api/consequences/summary")) });
  const s = q.data;
  if (!s) return null;
  return (
    <Stack data-testid="consequences-summary">
      <Text size="sm" c="dimmed">
        {t("consequences.summary.hint")}
      </Text>
      <Title order={5}>{t("consequences.summary.operations")}</Title>
      {s.operations.length === 0 && <Text size="sm">{t("consequences.summary.none")}</Text>}
      {s.operations.map((o) => (
        <Text key={o.id} size="sm" data-testid="summary-operation">
          № {o.number} · {o.status === "active" ? t("operations.statusActive") : t("operations.statusEnded")}{" "}
          · {formatMinute(o.regimeStartedAt)}
          {o.endedAt ? ` – ${formatMinute(o.endedAt)}` : ""} · {o.zone.map((z) => nameOf(z.names)).join(", ")}{" "}
          · {o.goals.map((g) => t(`goal.${g}`)).join(", ")}
        </Text>
      ))}
      <Title order={5}>{t("consequences.summary.incidents")}</Title>
      {s.incidents.length === 0 && <Text size="sm">{t("consequences.summary.none")}</Text>}
      {s.incidents.map((i) => (
        <Text key={i.id} size="sm">
          № {i.number} · {t(`incidentType.${i.type}`)} · {t(`incidentStatus.${i.status}`)} ·{" "}
          {formatMinute(i.receivedAt)} · {nameOf(i.territory.names)}
        </Text>
      ))}
      <Title order={5}>{t("consequences.summary.activations")}</Title>
      {s.activations.length === 0 && (
        <Text size="sm" data-testid="summary-activations-none">
          {t("consequences.summary.none")}
        </Text>
      )}
      {s.activations.map((a) => (
        <Anchor
          key={a.id}
          component={Link}
          to={`/consequences/activations/${a.id}`}
          size="sm"
          data-testid="summary-activation"
        >
          № {a.number} · {t(`consequences.activationStatus.${a.status}`)} · {t("consequences.board.done")}:{" "}
          {a.doneCount}/{a.taskCount}
        </Anchor>
      ))}
    </Stack>
  );
}

export function ConsequencesHome() {
  const { t } = useTranslation();
  const me = useMe();
  const { search } = useLocation();
  useConsequencesLive();
  const territory = me.data?.grants?.[0]?.territoryCode ?? "750000000";
  const tab = search.get("tab") ?? "mine";
  return (
    <Stack>
      <Title order={2}>{t("consequences.title")}</Title>
      <Basis ids={["R20", "R21", "R22", "R23"]} />
      <Tabs value={tab} onChange={(v) => navigate(`/consequences?tab=${v}`, true)} keepMounted={false}>
        <Tabs.List>
          {(["mine", "forces", "plans", "activations", "summary"] as const).map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`consequences-tab-${k}`}>
              {t(`consequences.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="mine" pt="md">
          <MyTasks />
        </Tabs.Panel>
        <Tabs.Panel value="forces" pt="md">
          <ForcesBoard initialTerritory={territory} />
        </Tabs.Panel>
        <Tabs.Panel value="plans" pt="md">
          <Plans territory={territory} />
        </Tabs.Panel>
        <Tabs.Panel value="activations" pt="md">
          <Activations />
        </Tabs.Panel>
        <Tabs.Panel value="summary" pt="md">
          <Summary />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
