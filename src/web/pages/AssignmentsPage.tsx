/**
 * Assignments under control (R5): what is assigned to my body, what I control, everything I may see;
 * overdue ones are red everywhere. The assignment page offers exactly the steps the API allows: report
 * (text, figures, own legal act, files), extension, accept, return with a reason. Discipline per body.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Loader,
  NativeSelect,
  NumberInput,
  Pagination,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AssignmentDetail } from "../../domain/contracts/prevention";
import { type AssignmentAction, assignmentStatuses, indicatorKinds } from "../../domain/prevention";
import { ApiError, api, get, qs } from "../api";
import { Basis } from "../components/Basis";
import { ErrorAlert } from "../components/ErrorAlert";
import { fileToBase64 as toBase64 } from "../files";
import { formatDateTime, nameOf } from "../format";
import { Link, useLocation } from "../router";
import { PreventionTabs } from "./PreventionTabs";

type AssignmentView = Omit<AssignmentDetail, "history" | "files" | "allowedActions" | "basis">;

export function StatusBadge({ a }: { a: Pick<AssignmentView, "status" | "overdue"> }) {
  const { t } = useTranslation();
  const color =
    a.status === "done_on_time"
      ? "green"
      : a.status === "done_late"
        ? "orange"
        : a.status === "reported"
          ? "blue"
          : "gray";
  return (
    <Group gap={4}>
      <Badge color={color} variant="light" data-testid="assignment-status">
        {t(`assignmentStatus.${a.status}`)}
      </Badge>
      {a.overdue && (
        <Badge color="red" variant="filled" data-testid="overdue-badge">
          {t("assignments.overdue")}
        </Badge>
      )}
    </Group>
  );
}

export function AssignmentTable({ items }: { items: AssignmentView[] }) {
  const { t } = useTranslation();
  return (
    <Table striped data-testid="assignments-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>№</Table.Th>
          <Table.Th>{t("assignments.what")}</Table.Th>
          <Table.Th>{t("meetings.executors")}</Table.Th>
          <Table.Th>{t("meetings.deadline")}</Table.Th>
          <Table.Th>{t("plans.status")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((a) => (
          <Table.Tr
            key={a.id}
            data-testid="assignment-row"
            data-overdue={a.overdue ? "true" : undefined}
            style={a.overdue ? { background: "var(--mantine-color-red-light)" } : undefined}
          >
            <Table.Td>
              <Link to={`/prevention/assignments/${a.id}`}>{a.number}</Link>
            </Table.Td>
            <Table.Td>
              <Text size="sm" lineClamp={2}>
                {a.title}
              </Text>
              <Text size="xs" c="dimmed">
                {nameOf(a.owner.names)}
              </Text>
            </Table.Td>
            <Table.Td>{nameOf(a.executor.names)}</Table.Td>
            <Table.Td>
              {a.deadline}
              {a.deadline !== a.originalDeadline && (
                <Text size="xs" c="dimmed">
                  ({t("assignments.originally", { date: a.originalDeadline })})
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <StatusBadge a={a} />
              {a.escalatedTo && (
                <Text size="xs" c="red">
                  {t("assignments.escalatedTo", { body: nameOf(a.escalatedTo.names) })}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const PAGE = 50;

export function AssignmentsPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const [scope, setScope] = useState(search.get("scope") ?? "mine");
  const [status, setStatus] = useState(search.get("status") ?? "open");
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ["assignments", scope, status, page, search.get("bodyId")],
    queryFn: () =>
      get<{ items: AssignmentView[]; total: number }>(
        `/api/assignments${qs({ scope, status, bodyId: search.get("bodyId"), limit: PAGE, offset: (page - 1) * PAGE })}`,
      ),
  });
  return (
    <Stack maw={1100}>
      <PreventionTabs active="assignments" />
      <Title order={2}>{t("assignments.title")}</Title>
      <Basis ids={["R5"]} />
      <Group>
        <SegmentedControl
          value={scope}
          onChange={(v) => {
            setScope(v);
            setPage(1);
          }}
          data={(["mine", "control", "all"] as const).map((s) => ({
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
      {q.data && q.data.total > PAGE && (
        <Pagination total={Math.ceil(q.data.total / PAGE)} value={page} onChange={setPage} />
      )}
    </Stack>
  );
}

function ActionForm({
  a,
  action,
  onDone,
}: {
  a: AssignmentDetail;
  action: AssignmentAction;
  onDone: (a: AssignmentDetail) => void;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState("");
  const [figures, setFigures] = useState<Record<string, number>>({});
  const [actNumber, setActNumber] = useState("");
  const [actDate, setActDate] = useState("");
  const [newDeadline, setNewDeadline] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);
  const submit = async () => {
    setBusy(true);
    try {
      const attachments = await Promise.all(
        files.map(async (f) => ({
          filename: f.name,
          mime: f.type || "application/octet-stream",
          contentBase64: await toBase64(f),
        })),
      );
      onDone(
        await api<AssignmentDetail>("POST", `/api/assignments/${a.id}/actions`, {
          action,
          version: a.version,
          comment,
          ...(action === "report"
            ? {
                figures: Object.fromEntries(Object.entries(figures).filter(([, v]) => v > 0)),
                actNumber,
                actDate: actDate || null,
                attachments,
              }
            : {}),
          ...(action === "request_extension" ? { newDeadline: newDeadline || null } : {}),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const needsText = ["report", "return", "refuse_extension", "request_extension"].includes(action);
  return (
    <Stack gap="xs" data-testid={`form-${action}`}>
      {needsText && (
        <Textarea
          label={t(action === "report" ? "assignments.reportText" : "assignments.reason")}
          autosize
          minRows={2}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={fe("comment")}
          data-testid="action-comment"
        />
      )}
      {action === "report" && (
        <>
          <SimpleGrid cols={4}>
            {indicatorKinds.map((k) => (
              <NumberInput
                key={k}
                label={t(`indicator.${k}`)}
                min={0}
                value={figures[k] ?? ""}
                onChange={(v) => setFigures((o) => ({ ...o, [k]: typeof v === "number" ? v : 0 }))}
              />
            ))}
          </SimpleGrid>
          <Group grow>
            <TextInput
              label={t("assignments.actNumber")}
              value={actNumber}
              onChange={(e) => setActNumber(e.currentTarget.value)}
              data-testid="act-number"
            />
            <TextInput
              type="date"
              label={t("assignments.actDate")}
              value={actDate}
              onChange={(e) => setActDate(e.currentTarget.value)}
            />
          </Group>
          <FileInput
            multiple
            label={t("assignments.attachments")}
            value={files}
            onChange={setFiles}
            clearable
            error={fe("attachments.0")}
            data-testid="action-files"
          />
        </>
      )}
      {action === "request_extension" && (
        <TextInput
          type="date"
          label={t("assignments.newDeadline")}
          value={newDeadline}
          onChange={(e) => setNewDeadline(e.currentTarget.value)}
          error={fe("newDeadline")}
          data-testid="new-deadline"
        />
      )}
      <Group justify="flex-end">
        <Button loading={busy} onClick={submit} data-testid="action-submit">
          {t(`assignmentAction.${action}`)}
        </Button>
      </Group>
      <ErrorAlert error={error && !(error instanceof ApiError && error.body.fields) ? error : null} />
    </Stack>
  );
}

export function AssignmentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["assignment", id],
    queryFn: () => get<AssignmentDetail>(`/api/assignments/${id}`),
  });
  const [action, setAction] = useState<AssignmentAction | null>(null);
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
          <b>{t("meetings.deadline")}:</b> {a.deadline}
          {a.deadline !== a.originalDeadline &&
            ` (${t("assignments.originally", { date: a.originalDeadline })})`}
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
      {a.allowedActions.length > 0 && (
        <Card withBorder>
          <Group mb="sm">
            {a.allowedActions.map((x) => (
              <Button
                key={x}
                variant={action === x ? "filled" : "light"}
                color={
                  x === "return" || x === "refuse_extension" ? "orange" : x === "accept" ? "green" : undefined
                }
                onClick={() => setAction(x)}
                data-testid={`action-${x}`}
              >
                {t(`assignmentAction.${x}`)}
              </Button>
            ))}
          </Group>
          {action && a.allowedActions.includes(action) && (
            <ActionForm
              key={`${action}-${a.version}`}
              a={a}
              action={action}
              onDone={(next) => {
                qc.setQueryData(["assignment", id], next);
                void qc.invalidateQueries({ queryKey: ["assignments"] });
                setAction(null);
              }}
            />
          )}
        </Card>
      )}
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
      <Timeline bulletSize={14} data-testid="assignment-history">
        {a.history.map((h) => (
          <Timeline.Item key={`${h.at}-${h.action}-${h.toStatus}`} title={t(`assignmentEvent.${h.action}`)}>
            <Text size="xs" c="dimmed">
              {formatDateTime(h.at)} · {h.actorName} · {t(`assignmentStatus.${h.toStatus}`)}
            </Text>
            {h.comment && <Text size="sm">{h.comment}</Text>}
            {h.data && <EventData data={h.data} />}
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}

function EventData({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const figures = (data.figures ?? {}) as Record<string, number>;
  return (
    <Stack gap={0}>
      {Object.entries(figures).map(([k, v]) => (
        <Text key={k} size="xs">
          {t(`indicator.${k}`)}: {v}
        </Text>
      ))}
      {typeof data.actNumber === "string" && data.actNumber && (
        <Text size="xs">
          {t("assignments.actNumber")}: {data.actNumber}{" "}
          {typeof data.actDate === "string" ? data.actDate : ""}
        </Text>
      )}
      {typeof data.requestedDeadline === "string" && (
        <Text size="xs">
          {t("assignments.newDeadline")}: {data.requestedDeadline}
        </Text>
      )}
      {typeof data.to === "string" && typeof data.from === "string" && (
        <Text size="xs">
          {data.from} → {data.to}
        </Text>
      )}
    </Stack>
  );
}

/** Execution discipline per body over a period (R5): assigned / on time / late / overdue. */
export function DisciplinePage() {
  const { t } = useTranslation();
  const year = new Date().getFullYear();
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const q = useQuery({
    queryKey: ["discipline", from, to],
    queryFn: () =>
      get<{
        rows: {
          body: { id: string; names: { kk: string; ru: string; en: string } };
          assigned: number;
          onTime: number;
          late: number;
          overdue: number;
          open: number;
        }[];
      }>(`/api/assignments/discipline${qs({ from, to })}`),
    enabled: !!from && !!to,
  });
  return (
    <Stack maw={1100}>
      <PreventionTabs active="discipline" />
      <Title order={2}>{t("discipline.title")}</Title>
      <Basis ids={["R5"]} />
      <Group>
        <TextInput
          type="date"
          label={t("discipline.from")}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t("discipline.to")}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
      </Group>
      <ErrorAlert error={q.error} />
      {q.data?.rows.length === 0 && <Alert variant="light">{t("assignments.none")}</Alert>}
      <Table striped data-testid="discipline-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("meetings.executors")}</Table.Th>
            <Table.Th>{t("discipline.assigned")}</Table.Th>
            <Table.Th>{t("assignmentStatus.done_on_time")}</Table.Th>
            <Table.Th>{t("assignmentStatus.done_late")}</Table.Th>
            <Table.Th>{t("assignments.overdue")}</Table.Th>
            <Table.Th>{t("discipline.share")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data?.rows.map((r) => {
            const total = r.onTime + r.late + r.overdue;
            const share = total ? Math.round((100 * r.onTime) / total) : null;
            return (
              <Table.Tr key={r.body.id} data-testid="discipline-row">
                <Table.Td>{nameOf(r.body.names)}</Table.Td>
                <Table.Td>{r.assigned}</Table.Td>
                <Table.Td>{r.onTime}</Table.Td>
                <Table.Td>{r.late}</Table.Td>
                <Table.Td>
                  {r.overdue > 0 ? (
                    <Badge color="red" variant="filled">
                      {r.overdue}
                    </Badge>
                  ) : (
                    0
                  )}
                </Table.Td>
                <Table.Td>
                  {share === null ? (
                    "—"
                  ) : (
                    <Group gap={6} wrap="nowrap">
                      <div
                        style={{
                          width: 80,
                          height: 8,
                          background: "var(--mantine-color-gray-2)",
                          borderRadius: 4,
                        }}
                        role="img"
                        aria-label={`${share}%`}
                      >
                        <div
                          style={{
                            width: `${share}%`,
                            height: 8,
                            borderRadius: 4,
                            background: `var(--mantine-color-${share >= 80 ? "green" : share >= 50 ? "yellow" : "red"}-6)`,
                          }}
                        />
                      </div>
                      <Text size="xs">{share}%</Text>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
