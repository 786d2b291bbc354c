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
import { useMediaQuery } from "@mantine/hooks";
import { useEffect, useState } from "react";
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
  const asked = SCOPES.find((s) => s === search.get("scope"));
  const [scope, setScope] = useState(asked ?? "mine");
  // Unless a view was asked for, open on the first that has something for this user: what is assigned
  // to my body, else what I control, else everything I may see (a secretary's own are under control).
  const [choosing, setChoosing] = useState(!asked && !search.get("status"));
  const [status, setStatus] = useState(search.get("status") ?? "open");
  const [page, setPage] = useState(1);
  const q = useAssignments({ scope, status, page, bodyId: search.get("bodyId") });
  // On a phone the three views stack: side by side the third is off the screen.
  const phone = useMediaQuery("(max-width: 48em)");
  useEffect(() => {
    if (!choosing || !q.data) return;
    const next = SCOPES[SCOPES.indexOf(scope) + 1];
    if (q.data.total === 0 && next) setScope(next);
    else setChoosing(false);
  }, [choosing, q.data, scope]);
  return (
    <Stack maw={1100}>
      <PreventionTabs active="assignments" />
      <Title order={2}>{t("assignments.title")}</Title>
      <Basis ids={["R5"]} />
      <Group>
        <SegmentedControl
          orientation={phone ? "vertical" : "horizontal"}
          fullWidth={phone}
          value={scope}
          onChange={(v) => {
            setChoosing(false);
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
            setChoosing(false);
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
      {(q.isPending || choosing) && <Loader />}
      <ErrorAlert error={q.error} />
      {!choosing && q.data?.items.length === 0 && <Alert variant="light">{t("assignments.none")}</Alert>}
      {q.data && q.data.items.length > 0 && <AssignmentTable items={q.data.items} />}
      {q.data && q.data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(q.data.total / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
    </Stack>
  );
}
