/**
 * Measures per level: the tasks of the user's own bodies with "Confirm receipt" (due within 30
 * minutes of the decision), and "X of Y confirmed" per decision for the ATC and HQs, by body.
 */
import { Badge, Button, Card, Collapse, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TaskStatus } from "../../domain/threat-level-measures";
import { ApiError, api, ok } from "../api/client";
import type { ThreatTaskView } from "../api/types";
import { formatMinute, nameOf } from "../format";
import { ThreatLevelBadge } from "./ThreatLevel";

const STATUS_COLOR: Record<TaskStatus, string> = {
  awaiting: "blue",
  confirmed: "green",
  overdue: "red",
  confirmed_late: "orange",
};

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
  const qc = useQueryClient();
  const confirm = useMutation({
    mutationFn: () =>
      ok(api.POST("/api/threat-level-tasks/{id}/confirm", { params: { path: { id: task.id } }, body: {} })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["threat-levels"] }),
  });
  const open = task.confirmedAt === null;
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
              <List.Item key={m}>{t(`threatMeasure.${m}`)}</List.Item>
            ))}
          </List>
          <Text size="xs" c="dimmed">
            {task.confirmedAt
              ? t("threatTasks.confirmedBy", {
                  name: task.confirmedByName ?? "",
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
    (a, b) => Number(a.confirmedAt !== null) - Number(b.confirmedAt !== null),
  );
  if (!items.length) return null;
  return (
    <Stack gap="xs" data-testid="threat-my-tasks">
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
