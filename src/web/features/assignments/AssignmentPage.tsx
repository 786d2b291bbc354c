/** One assignment (R5): who executes and controls it by when, the steps allowed, files and history. */
import { Group, Loader, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDay, nameOf } from "../../format";
import { Link } from "../../router";
import { AssignmentActions } from "./AssignmentActions";
import { AssignmentHistory } from "./AssignmentHistory";
import { useAssignment, useAssignmentChanged } from "./api";
import { StatusBadge } from "./StatusBadge";

export function AssignmentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useAssignment(id);
  const changed = useAssignmentChanged(id);
  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const a = q.data;
  return (
    <Stack maw={1000}>
      <Link to="/prevention/assignments">← {t("assignments.title")}</Link>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} data-testid="assignment-title">
            {t("assignments.number", { number: a.number })}
          </Title>
          <Text>{a.title}</Text>
        </div>
        <StatusBadge a={a} />
      </Group>
      <Basis ids={a.basis} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Text size="sm">
          <b>{t("meetings.executors")}:</b> {nameOf(a.executor.names)}
        </Text>
        <Text size="sm">
          <b>{t("meetings.controller")}:</b> {nameOf(a.controller.names)}
        </Text>
        <Text size="sm">
          <b>{t("meetings.deadline")}:</b> {formatDay(a.deadline)}
          {a.deadline !== a.originalDeadline &&
            ` (${t("assignments.originally", { date: formatDay(a.originalDeadline) })})`}
        </Text>
        <Text size="sm">
          <b>{t("meetings.commission")}:</b> {nameOf(a.owner.names)}
          {a.meetingId && (
            <>
              {" · "}
              <Link to={`/prevention/meetings/${a.meetingId}`}>{t("meetings.protocol")}</Link>
            </>
          )}
        </Text>
        {a.source === "inspection" && (
          <Text size="sm" data-testid="assignment-source">
            <b>{t("assignments.source.inspection")}</b>
          </Text>
        )}
        {a.coExecutors.length > 0 && (
          <Text size="sm">
            <b>{t("meetings.coExecutors")}:</b> {a.coExecutors.map((c) => nameOf(c.names)).join("; ")}
          </Text>
        )}
        {a.escalatedTo && (
          <Text size="sm" c="red" data-testid="escalated-to">
            {t("assignments.escalatedTo", { body: nameOf(a.escalatedTo.names) })}
          </Text>
        )}
      </SimpleGrid>
      {a.allowedActions.length > 0 && <AssignmentActions a={a} onDone={changed} />}
      {a.files.length > 0 && (
        <Stack gap={2}>
          <Title order={5}>{t("assignments.attachments")}</Title>
          {a.files.map((f) => (
            <a key={f.id} href={`/api/assignments/${a.id}/files/${f.id}`} data-testid="assignment-file">
              {f.filename} ({Math.ceil(f.size / 1024)} KB)
            </a>
          ))}
        </Stack>
      )}
      <Title order={4}>{t("assignments.history")}</Title>
      <AssignmentHistory history={a.history} />
    </Stack>
  );
}
