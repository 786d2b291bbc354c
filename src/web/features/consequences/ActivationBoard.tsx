/** The live board of an activation (R21): tasks by main task and status, moves, requests, forces on site, reports. */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok, qs } from "../../api/client";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ForceMoveButtons, ForceStatusBadge } from "../../components/ForceMoves";
import { formatMinute, nameOf } from "../../format";
import { type ActivationBoard as Board, keys, type LiveTask, useConsequencesLive } from "./api";
import { AddTaskForm, RequestForm } from "./LiveForms";
import { RestorationPanel } from "./Restoration";

export function TaskActions({ task, onDone }: { task: LiveTask; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  if (!task.allowedActions.length) return null;
  return (
    <Stack gap={4}>
      <ErrorAlert error={error} />
      <Group gap={4}>
        {task.allowedActions.map((a) => (
          <Button
            key={a}
            size="compact-xs"
            variant="light"
            color={a === "block" ? "red" : undefined}
            data-testid={`task-${a}`}
            onClick={() =>
              ok(
                api.POST("/api/consequences/tasks/{id}/actions", {
                  params: { path: { id: task.id } },
                  body: { action: a, reason, version: task.version },
                }),
              ).then(onDone, setError)
            }
          >
            {t(`consequences.taskAction.${a}`)}
          </Button>
        ))}
      </Group>
      {task.allowedActions.includes("block") && (
        <TextInput
          size="xs"
          placeholder={t("consequences.task.reason")}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      )}
    </Stack>
  );
}

export function TasksTable({ tasks, onChanged }: { tasks: LiveTask[]; onChanged: () => void }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table data-testid="live-tasks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("consequences.task.title")}</Table.Th>
            <Table.Th>{t("consequences.task.body")}</Table.Th>
            <Table.Th>{t("consequences.task.deadline")}</Table.Th>
            <Table.Th>{t("consequences.task.status")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((x) => (
            <Table.Tr key={x.id} data-testid="live-task" data-status={x.status} data-id={x.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {x.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`consequences.mainTask.${x.mainTask}`).slice(0, 80)} ·{" "}
                  {t(`consequences.activity.${x.activity}`)}
                </Text>
              </Table.Td>
              <Table.Td>{nameOf(x.body.names)}</Table.Td>
              <Table.Td>
                <Text size="sm" c={x.overdue ? "red" : undefined}>
                  {formatMinute(x.deadline)}
                  {x.overdue ? ` · ${t("consequences.board.overdue")}` : ""}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={x.status === "done" ? "green" : x.status === "blocked" ? "red" : "blue"}
                  data-testid="task-status"
                >
                  {t(`consequences.taskStatus.${x.status}`)}
                </Badge>
                {x.blockedReason && <Text size="xs">{x.blockedReason}</Text>}
              </Table.Td>
              <Table.Td>
                <TaskActions task={x} onDone={onChanged} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ActivationBoard({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  useConsequencesLive();
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState<"task" | "request" | null>(null);
  const q = useQuery({
    queryKey: keys.board(id),
    queryFn: () => ok(api.GET("/api/consequences/activations/{id}", { params: { path: { id } } })),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: keys.board(id) });
  if (q.error) return <ErrorAlert error={q.error} />;
  const b: Board | undefined = q.data;
  if (!b) return null;
  return (
    <Stack data-testid="activation-board" data-view={b.view}>
      <Group justify="space-between">
        <Title order={3}>
          № {b.number} · {nameOf(b.territory.names)}
        </Title>
        <Badge color={b.status === "active" ? "red" : "gray"}>
          {t(`consequences.activationStatus.${b.status}`)}
        </Badge>
      </Group>
      <Basis ids={["R20", "R21", "R22", "R23"]} />
      <ErrorAlert error={error} />
      <Text size="sm">
        {t("consequences.activation.activator")}: {nameOf(b.activator.names)} ·{" "}
        {t("consequences.activation.activatedAt")}: {formatMinute(b.activatedAt)}
        {b.operation ? ` · ${t("consequences.activation.operation")}: ${b.operation.number}` : ""}
        {b.incident ? ` · ${t("consequences.activation.incident")}: ${b.incident.number}` : ""}
      </Text>
      <Text size="sm">
        {t("consequences.activation.plans")}:{" "}
        {b.plans
          .map(
            (p) =>
              `${p.title} (${t("consequences.plan.versionShort", { n: p.versionNo })}${p.approved ? "" : `, ${t("consequences.plan.notApproved")}`})`,
          )
          .join("; ")}
      </Text>
      {b.view === "own" && <Alert>{t("consequences.board.own")}</Alert>}
      <Group gap="xs">
        <Badge variant="outline">
          {t("consequences.board.tasks")}: {b.taskCount}
        </Badge>
        <Badge variant="outline" color="green" data-testid="board-done">
          {t("consequences.board.done")}: {b.doneCount}
        </Badge>
        <Badge variant="outline" color="red">
          {t("consequences.board.overdue")}: {b.overdueCount}
        </Badge>
        <Text size="xs" c="dimmed">
          {t("consequences.board.live")}
        </Text>
      </Group>
      {b.view === "full" && (
        <Card withBorder>
          <Text fw={600}>{t("consequences.board.byMainTask")}</Text>
          {b.byMainTask.map((m) => (
            <Text key={m.mainTask} size="sm">
              {t(`consequences.mainTask.${m.mainTask}`).slice(0, 90)}:{" "}
              {Object.entries(m.counts)
                .filter(([, n]) => n > 0)
                .map(([s, n]) => `${t(`consequences.taskStatus.${s}`)} ${n}`)
                .join(", ")}
              {m.overdue ? ` · ${t("consequences.board.overdue")} ${m.overdue}` : ""}
            </Text>
          ))}
          <Text fw={600} mt="sm">
            {t("consequences.board.forcesOnSite")}
          </Text>
          <Text size="sm">{b.forcesOnSite.map((f) => nameOf(f.names)).join(", ") || "—"}</Text>
          <Text fw={600} mt="sm">
            {t("consequences.board.casualties")}
          </Text>
          <Text size="sm" c="dimmed" data-testid="board-casualties">
            {b.casualties
              ? (["injured", "hospitalised", "deceased", "missing"] as const)
                  .map((k) => `${t(`consequences.board.${k}`)}: ${b.casualties?.[k] ?? 0}`)
                  .join(" · ")
              : t("consequences.board.casualtiesPending")}
          </Text>
        </Card>
      )}
      <TasksTable tasks={b.tasks} onChanged={refresh} />
      {(b.allowedActions.includes("add_task") || b.allowedActions.includes("request_resource")) && (
        <Group gap="xs">
          {b.allowedActions.includes("add_task") && (
            <Button
              size="xs"
              variant={form === "task" ? "filled" : "light"}
              onClick={() => setForm(form === "task" ? null : "task")}
              data-testid="open-add-task"
            >
              {t("consequences.board.addTask")}
            </Button>
          )}
          {b.allowedActions.includes("request_resource") && (
            <Button
              size="xs"
              variant={form === "request" ? "filled" : "light"}
              onClick={() => setForm(form === "request" ? null : "request")}
              data-testid="open-request"
            >
              {t("consequences.forms.newRequest")}
            </Button>
          )}
        </Group>
      )}
      {form === "task" && (
        <AddTaskForm
          board={b}
          onDone={(nb) => {
            qc.setQueryData(keys.board(id), nb);
            setForm(null);
          }}
        />
      )}
      {form === "request" && (
        <RequestForm
          board={b}
          onDone={(nb) => {
            qc.setQueryData(keys.board(id), nb);
            setForm(null);
          }}
        />
      )}
      {b.requests.length > 0 && (
        <Card withBorder>
          <Text fw={600}>{t("consequences.board.requests")}</Text>
          {b.requests.map((r) => (
            <Group key={r.id} gap="xs" align="start" data-testid="request-row" data-status={r.status}>
              <Text size="sm">
                {nameOf(r.body.names)}: {r.means} —
              </Text>
              <ForceStatusBadge
                status={r.status}
                commitNote={r.commitNote}
                eta={r.eta}
                testId="request-status"
              />
              <ForceMoveButtons
                nextStatuses={r.nextStatuses}
                testPrefix="request"
                onMove={(m) =>
                  ok(
                    api.POST("/api/consequences/requests/{id}/status", {
                      params: { path: { id: r.id } },
                      body: { ...m, version: r.version },
                    }),
                  ).then(refresh)
                }
              />
            </Group>
          ))}
        </Card>
      )}
      {b.view === "full" && <RestorationPanel activationId={id} />}
      <Group gap="md">
        {(["kk", "ru"] as const).map((lang) => (
          <Anchor key={lang} size="sm" href={`/api/consequences/activations/${id}/report.pdf${qs({ lang })}`}>
            {t("consequences.board.reportPdf", { lang: t(`lang.${lang}`) })}
          </Anchor>
        ))}
        <Anchor size="sm" href={`/api/consequences/activations/${id}/report.xlsx`}>
          {t("consequences.board.reportXlsx")}
        </Anchor>
        {b.allowedActions.includes("close") && (
          <Button
            size="xs"
            variant="default"
            onClick={() =>
              ok(api.POST("/api/consequences/activations/{id}/close", { params: { path: { id } } })).then(
                refresh,
                setError,
              )
            }
          >
            {t("consequences.activation.close")}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
