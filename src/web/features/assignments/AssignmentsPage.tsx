/**
 * Assignments under control (R5): what is assigned to my body, what I control, everything I may see;
 * overdue ones are red everywhere.
 */
import {
  Alert,
  Group,
  Loader,
  NativeSelect,
  Pagination,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { assignmentStatuses } from "../../../domain/prevention";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useLocation } from "../../router";
import { PreventionTabs } from "../prevention/PreventionTabs";
import { AssignmentTable } from "./AssignmentTable";
import { PAGE_SIZE, SCOPES, useAssignments } from "./api";

export function AssignmentsPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const [scope, setScope] = useState(SCOPES.find((s) => s === search.get("scope")) ?? "mine");
  const [status, setStatus] = useState(search.get("status") ?? "open");
  const [page, setPage] = useState(1);
  const q = useAssignments({ scope, status, page, bodyId: search.get("bodyId") });
  return (
    <Stack maw={1100}>
      <PreventionTabs active="assignments" />
      <Title order={2}>{t("assignments.title")}</Title>
      <Basis ids={["R5"]} />
      <Group>
        <SegmentedControl
          value={scope}
          onChange={(v) => {
            setScope(SCOPES.find((s) => s === v) ?? "mine");
            setPage(1);
          }}
          data={SCOPES.map((s) => ({
            value: s,
            label: t(`assignments.scope.${s}`),
          }))}
          data-testid="assignment-scope"
        />
        <NativeSelect
          value={status}
          onChange={(e) => {
            setStatus(e.currentTarget.value);
            setPage(1);
          }}
          data={[
            { value: "", label: t("common.all") },
            { value: "open", label: t("assignments.open") },
            { value: "overdue", label: t("assignments.overdue") },
            ...assignmentStatuses.map((s) => ({ value: s, label: t(`assignmentStatus.${s}`) })),
          ]}
          aria-label={t("response.status")}
          data-testid="assignment-status-filter"
        />
        {q.data && (
          <Text size="sm" c="dimmed">
            {t("assignments.total", { count: q.data.total })}
          </Text>
        )}
      </Group>
      {q.isPending && <Loader />}
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && <Alert variant="light">{t("assignments.none")}</Alert>}
      {q.data && q.data.items.length > 0 && <AssignmentTable items={q.data.items} />}
      {q.data && q.data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(q.data.total / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
    </Stack>
  );
}
