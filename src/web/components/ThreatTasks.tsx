/**
 * Measures per level: the tasks of the user's own bodies with "Confirm receipt" (due within 30
 * minutes of the decision) and "Done" per measure; for an HQ, the bodies of its territory that did not
 * confirm in time; "X of Y confirmed" per decision for the ATC and HQs, by body.
 */
import {
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  List,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TaskStatus } from "../../domain/threat-level-measures";
import { ApiError, api, ok } from "../api/client";
import type { ThreatTaskView } from "../api/types";
import { formatMinute, nameOf } from "../format";
import { usePersonLabel } from "./PersonName";
import { ThreatLevelBadge } from "./ThreatLevel";

const STATUS_COLOR: Record<TaskStatus, string> = {
  awaiting: "blue",
  confirmed: "green",
  overdue: "red",
  confirmed_late: "orange",
  done: "teal",
  closed: "gray",
};

type Measure = ThreatTaskView["measures"][number];

/** A measure's text: its own (a measure added to the catalogue) or the catalogue's default. */
export function useMeasureText() {
  const { t, i18n } = useTranslation();
  return (m: { key: string; names: Measure["names"] }) =>
    m.names ? m.names[i18n.language as "kk" | "ru" | "en"] || m.names.ru : t(`threatMeasure.${m.key}`);
}

function MeasureRow({ task, m }: { task: ThreatTaskView; m: Measure }) {
  const { t } = useTranslation();
  const person = usePersonLabel();
  const text = useMeasureText();
  const qc = useQueryClient();
  const [note, setNote] = useState("");
  const [open, setOpen] = useState(false);
  const done = useMutation({
    mutationFn: () =>
      ok(
        api.POST("/api/threat-level-tasks/{id}/done", {
          params: { path: { id: task.id } },
          body: { key: m.key, note },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["threat-levels"] }),
  });
  const canReport = task.allowedActions.includes("report_done") && !m.done;
  return (
    <List.Item data-testid="threat-measure" data-done={m.done ? "yes" : "no"}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm">{text(m)}</Text>
        {m.done && (
          <Badge size="xs" color="teal" variant="light" styles={{ root: { textTransform: "none" } }}>
            {t("threatTasks.doneBy", {
              name: person(m.done.by, m.done.byName),
              date: formatMinute(m.done.at),
            })}
          </Badge>
        )}
        {canReport && !open && (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => setOpen(true)}
            data-testid="threat-measure-report"
          >
            {t("threatTasks.reportDone")}
          </Button>
        )}
      </Group>
      {m.done?.note && (
        <Text size="xs" c="dimmed">
          {m.done.note}
        </Text>
      )}
      {canReport && open && (
        <Group gap="xs" mt={4} align="flex-end">
          <TextInput
            size="xs"
            label={t("threatTasks.doneNote")}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={2000}
          />
          <Button
            size="xs"
            onClick={() => done.mutate()}
            loading={done.isPending}
            data-testid="threat-measure-done"
          >
            {t("threatTasks.markDone")}
          </Button>
        </Group>
      )}
      {done.error instanceof ApiError && (
        <Text c="red" size="sm" role="alert">
          {done.error.body.message}
        </Text>
      )}
    </List.Item>
  );
}

function StatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" styles={{ root: { textTransform: "none" } }}>
      {t(`threatTaskStatus.${status}`)}
    </Badge>
  );
}

function TaskCard({ task }: { task: ThreatTaskView }) {
  const { t } = useTranslation();
  const person = usePersonLabel();
  const qc = useQueryClient();
  const confirm = useMutation({
    mutationFn: () =>
      ok(api.POST("/api/threat-level-tasks/{id}/confirm", { params: { path: { id: task.id } }, body: {} })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["threat-levels"] }),
  });
  const open = task.allowedActions.includes("confirm");
  return (
    <Card withBorder padding="sm" data-testid="threat-task" data-status={task.status} data-level={task.level}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="xs">
            <Text fw={600}>№ {task.declarationNumber}</Text>
            <ThreatLevelBadge level={task.level} size="sm" />
            <StatusBadge status={task.status} />
          </Group>
          <Text size="sm">{nameOf(task.body.names)}</Text>
          <List size="sm" spacing={2}>
            {task.measures.map((m) => (
              <MeasureRow key={m.key} task={task} m={m} />
            ))}
          </List>
          {task.closedReason && (
            <Text size="xs" c="dimmed" data-testid="threat-task-closed">
              {t(`threatTaskClosed.${task.closedReason}`)}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {task.confirmedAt
              ? t("threatTasks.confirmedBy", {
                  name: person(task.confirmedBy, task.confirmedByName ?? ""),
                  date: formatMinute(task.confirmedAt),
                })
              : t("threatTasks.dueBy", { date: formatMinute(task.dueAt) })}
          </Text>
          {confirm.error instanceof ApiError && (
            <Text c="red" size="sm" role="alert">
              {confirm.error.body.message}
            </Text>
          )}
        </Stack>
        {open && (
          <Button
            size="xs"
            onClick={() => confirm.mutate()}
            loading={confirm.isPending}
            data-testid="threat-task-confirm"
          >
            {t("threatTasks.confirm")}
          </Button>
        )}
      </Group>
    </Card>
  );
}

/** The tasks of the user's bodies, open ones first; nothing when there are none. */
export function MyThreatTasks() {
  const { t } = useTranslation();
  const tasks = useQuery({
    queryKey: ["threat-levels", "tasks", "mine"],
    queryFn: () => ok(api.GET("/api/threat-level-tasks/mine")),
  });
  const items = [...(tasks.data?.items ?? [])].sort(
    (a, b) =>
      Number(a.status === "closed") - Number(b.status === "closed") ||
      Number(a.confirmedAt !== null) - Number(b.confirmedAt !== null),
  );
  const escalated = tasks.data?.escalated ?? [];
  if (!items.length && !escalated.length) return null;
  return (
    <Stack gap="xs" data-testid="threat-my-tasks">
      {escalated.length > 0 && (
        <Card withBorder padding="sm" data-testid="threat-escalated" bg="red.0">
          <Title order={4}>{t("threatTasks.escalatedTitle", { count: escalated.length })}</Title>
          <Text size="sm" c="dimmed">
            {t("threatTasks.escalatedHint")}
          </Text>
          <List size="sm" mt={4}>
            {escalated.map((x) => (
              <List.Item key={x.id}>
                {nameOf(x.body.names)} — № {x.declarationNumber},{" "}
                {t("threatTasks.dueBy", { date: formatMinute(x.dueAt) })}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
      <Title order={3}>{t("threatTasks.mine")}</Title>
      <Text size="sm" c="dimmed">
        {t("threatTasks.hint")}
      </Text>
      {items.slice(0, 10).map((task) => (
        <TaskCard key={task.id} task={task} />
      ))}
    </Stack>
  );
}

/** "Confirmed X of Y" for one decision, with the bodies on demand. */
export function ThreatTaskProgress({ declarationId }: { declarationId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const board = useQuery({
    queryKey: ["threat-levels", "tasks", declarationId],
    queryFn: () => ok(api.GET("/api/threat-levels/{id}/tasks", { params: { path: { id: declarationId } } })),
  });
  if (!board.data || board.data.total === 0) return null;
  const b = board.data;
  return (
    <Stack gap={2} mt={4}>
      <Group gap={6}>
        <Text size="xs" fw={600} data-testid="threat-task-progress">
          {t("threatTasks.progress", { confirmed: b.confirmed, total: b.total })}
        </Text>
        {b.overdue > 0 && (
          <Text size="xs" c="red">
            {t("threatTasks.overdueCount", { count: b.overdue })}
          </Text>
        )}
        {b.closed > 0 && (
          <Text size="xs" c="dimmed">
            {t("threatTasks.closedCount", { count: b.closed })}
          </Text>
        )}
        <Button size="compact-xs" variant="subtle" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {t("threatTasks.board")}
        </Button>
      </Group>
      <Collapse expanded={open}>
        <Table withTableBorder fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("threatTasks.body")}</Table.Th>
              <Table.Th>{t("threatTasks.status")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {b.items.slice(0, 100).map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td>{nameOf(x.body.names)}</Table.Td>
                <Table.Td>
                  <StatusBadge status={x.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Collapse>
    </Stack>
  );
}
