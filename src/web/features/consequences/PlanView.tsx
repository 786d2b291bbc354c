/** One plan (R21): forecast, tasks by main task, the check's gaps, approval by a protocol decision, versions, PDF, activation. */
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { mainTasks } from "../../../domain/consequences";
import { api, ok, qs } from "../../api/client";
import { Basis } from "../../components/Basis";
import { DecisionPicker } from "../../components/DecisionPicker";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PersonName } from "../../components/PersonName";
import { formatMinute, formatNumber, nameOf } from "../../format";
import { navigate } from "../../router";
import { NamedObject } from "../objects/ObjectLinks";
import { keys, type PlanDetail } from "./api";
import { ActivateForm } from "./LiveForms";
import { PlanEditor } from "./PlanEditor";

function Check({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: keys.check(id),
    queryFn: () => ok(api.GET("/api/consequences/plans/{id}/check", { params: { path: { id } } })),
  });
  if (!q.data) return null;
  const c = q.data;
  return (
    <Card withBorder data-testid="plan-check" data-ok={String(c.ok)}>
      <Text fw={600}>{t("consequences.plan.check")}</Text>
      <Text size="sm">
        {t("consequences.plan.bedsNeeded")}: {c.bedsNeeded} · {t("consequences.plan.freeTerritory")}:{" "}
        {c.freeBedsTerritory} · {t("consequences.plan.freeRegion")}: {c.freeBedsRegion}
      </Text>
      {c.ok && <Text c="green">{t("consequences.plan.checkOk")}</Text>}
      {c.gaps.map((g) => (
        <Text
          key={`${g.code}:${g.taskId ?? ""}:${g.mainTask ?? ""}`}
          size="sm"
          c="red"
          data-testid="plan-gap"
          data-code={g.code}
        >
          •{" "}
          {t(`consequences.gap.${g.code}`, {
            needed: String(g.needed ?? ""),
            available: String(g.available ?? ""),
          })}
          {g.body ? `: ${nameOf(g.body.names)}` : ""}
          {g.mainTask ? `: ${t(`consequences.mainTask.${g.mainTask}`)}` : ""}
        </Text>
      ))}
    </Card>
  );
}

export function PlanView({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [decisionId, setDecisionId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const q = useQuery({
    queryKey: keys.plan(id),
    queryFn: () => ok(api.GET("/api/consequences/plans/{id}", { params: { path: { id } } })),
  });
  const changed = (p: PlanDetail) => {
    qc.setQueryData(keys.plan(id), p);
    void qc.invalidateQueries({ queryKey: keys.check(id) });
    void qc.invalidateQueries({ queryKey: keys.plans });
    setEditing(false);
  };
  if (q.error) return <ErrorAlert error={q.error} />;
  const p = q.data;
  if (!p) return null;
  const c = p.forecast.casualties;
  if (editing) return <PlanEditor plan={p} onDone={changed} onCancel={() => setEditing(false)} />;
  return (
    <Stack data-testid="plan-view" data-status={p.status}>
      <Group justify="space-between">
        <Title order={3}>{p.title}</Title>
        <Badge data-testid="plan-status">{t(`consequences.planStatus.${p.status}`)}</Badge>
      </Group>
      <Basis ids={p.basis} />
      <ErrorAlert error={error} />
      <Text size="sm">
        {t("consequences.plan.territory")}: {nameOf(p.territory.names)} · {t("consequences.plan.owner")}:{" "}
        {nameOf(p.owner.names)} · {t("consequences.plan.versionNo")}: {p.versionNo}
        {p.scenario
          ? ` · ${t("consequences.plan.scenario")}: ${t(`consequences.scenario.${p.scenario}`)}`
          : ""}
      </Text>
      <NamedObject object={p.object} label={t("objects.link.planObject")} />
      {p.approval && (
        <Text size="sm" data-testid="plan-approval">
          {t("consequences.plan.approvedBy")}: {p.approval.number} · {formatMinute(p.approval.approvedAt)}
        </Text>
      )}
      {p.reviewDate && (
        <Text size="sm" c={p.reviewDue ? "red" : undefined}>
          {t("consequences.plan.reviewDate")}: {p.reviewDate.split("-").reverse().join(".")}
          {p.reviewDue ? ` — ${t("consequences.plan.reviewDue")}` : ""}
        </Text>
      )}
      <Text size="sm">
        {t("consequences.plan.casualties")}: {t("consequences.severity.severe")} {c.severe},{" "}
        {t("consequences.severity.moderate")} {c.moderate}, {t("consequences.severity.light")} {c.light} ·{" "}
        {t("consequences.plan.areaHa")}: {formatNumber(p.forecast.areaHa, 2)} ·{" "}
        {t("consequences.plan.evacuate")}: {p.forecast.evacuate}
        {p.forecast.hazards.length
          ? ` · ${t("consequences.plan.hazards")}: ${p.forecast.hazards.join(", ")}`
          : ""}
      </Text>
      <Group gap="xs">
        {p.allowedActions.includes("edit") && (
          <Button size="xs" variant="light" onClick={() => setEditing(true)} data-testid="plan-edit">
            {t("consequences.plan.edit")}
          </Button>
        )}
        {p.allowedActions.includes("copy") && (
          <Button
            size="xs"
            variant="light"
            onClick={() =>
              ok(api.POST("/api/consequences/plans/{id}/copy", { params: { path: { id } }, body: {} })).then(
                (n) => navigate(`/consequences/plans/${n.id}`),
                setError,
              )
            }
          >
            {t("consequences.plan.copy")}
          </Button>
        )}
        {(["kk", "ru"] as const).map((lang) => (
          <Anchor key={lang} size="sm" href={`/api/consequences/plans/${id}/plan.pdf${qs({ lang })}`}>
            {t("consequences.plan.pdf", { lang: t(`lang.${lang}`) })}
          </Anchor>
        ))}
      </Group>
      {p.allowedActions.includes("approve") && (
        <Group align="flex-end">
          <DecisionPicker
            bodyId={p.owner.id}
            label={t("consequences.plan.decisionId")}
            description={t("consequences.plan.decisionHint")}
            value={decisionId}
            onChange={(id) => setDecisionId(id)}
            w={520}
            testId="plan-decision"
          />
          <Button
            onClick={() =>
              ok(
                api.POST("/api/consequences/plans/{id}/approve", {
                  params: { path: { id } },
                  body: { decisionId: decisionId ?? "", version: p.version },
                }),
              ).then(changed, setError)
            }
            data-testid="plan-approve"
          >
            {t("consequences.plan.approve")}
          </Button>
        </Group>
      )}
      {p.allowedActions.includes("activate") && <ActivateForm planIds={[p.id]} />}
      <Check id={id} />
      {mainTasks.map((m, k) => {
        const tasks = p.tasks.filter((x) => x.mainTask === m);
        if (!tasks.length) return null;
        return (
          <Stack key={m} gap={4}>
            <Text fw={600}>
              {k + 1}) {t(`consequences.mainTask.${m}`)} <Badge size="xs">R21.{k + 1}</Badge>
            </Text>
            <Table>
              <Table.Tbody>
                {tasks.map((x) => (
                  <Table.Tr key={x.id} data-testid="plan-task">
                    <Table.Td>{x.title}</Table.Td>
                    <Table.Td>
                      <Text size="xs">{t(`consequences.activity.${x.activity}`)} (R20)</Text>
                    </Table.Td>
                    <Table.Td>
                      {x.responsible ? (
                        nameOf(x.responsible.names)
                      ) : (
                        <Text c="red">{t("consequences.plan.noResponsible")}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>{t("consequences.plan.norm", { minutes: String(x.normMinutes) })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        );
      })}
      {p.versions.length > 0 && (
        <Alert title={t("consequences.plan.versions")}>
          {p.versions.map((v) => (
            <Text key={v.versionNo} size="sm">
              {t("consequences.plan.versionShort", { n: v.versionNo })}: {v.decisionNumber} ·{" "}
              {formatMinute(v.approvedAt)} · <PersonName person={v.by} storedName={v.byName} />
            </Text>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
