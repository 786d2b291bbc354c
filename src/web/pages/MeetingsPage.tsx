/**
 * Meetings of a commission (R5): plan a meeting with its agenda, mark attendance of member bodies,
 * record decisions with executors, controller and deadline, print the protocol (kk/ru PDF) and sign it —
 * which numbers it and puts every decision with executors under control.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  MultiSelect,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MeetingDetail } from "../../domain/contracts/prevention";
import { ApiError, api, get, qs } from "../api";
import { Basis } from "../components/Basis";
import { ErrorAlert } from "../components/ErrorAlert";
import { almatyInputToIso, formatDateTime, nameOf } from "../format";
import { Link, navigate } from "../router";
import { useMe } from "../session";
import { AssignmentTable } from "./AssignmentsPage";
import { PreventionTabs } from "./PreventionTabs";

type MeetingView = Omit<
  MeetingDetail,
  "agenda" | "attendance" | "members" | "decisions" | "assignments" | "canManage" | "basis"
>;

const MANAGERS = ["commission_secretary", "atc_coordinator", "administrator"];

export function MeetingsPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const own = me.grants.filter((g) => MANAGERS.includes(g.role));
  const [year, setYear] = useState(new Date().getFullYear());
  const list = useQuery({
    queryKey: ["meetings", year],
    queryFn: () => get<{ items: MeetingView[] }>(`/api/meetings${qs({ year })}`),
  });
  const [bodyId, setBodyId] = useState(own[0]?.bodyId ?? "");
  const [heldAt, setHeldAt] = useState("");
  const [place, setPlace] = useState("");
  const [chairName, setChair] = useState("");
  const [agenda, setAgenda] = useState("");
  const [error, setError] = useState<unknown>(null);
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);
  return (
    <Stack maw={1100}>
      <PreventionTabs active="meetings" />
      <Title order={2}>{t("meetings.title")}</Title>
      <Basis ids={["R5"]} />
      <Text size="sm" c="dimmed">
        {t("meetings.intro")}
      </Text>
      <Group align="flex-end">
        <NativeSelect
          label={t("plans.year")}
          value={String(year)}
          onChange={(e) => setYear(Number(e.currentTarget.value))}
          data={[-1, 0, 1].map((d) => String(new Date().getFullYear() + d))}
          w={120}
        />
      </Group>
      {own.length > 0 && (
        <Card withBorder>
          <Stack gap="xs">
            <Text fw={600}>{t("meetings.new")}</Text>
            <Group align="flex-start" grow>
              <NativeSelect
                label={t("meetings.commission")}
                value={bodyId}
                onChange={(e) => setBodyId(e.currentTarget.value)}
                data={own.map((g) => ({ value: g.bodyId, label: nameOf(g.bodyName) }))}
              />
              <TextInput
                type="datetime-local"
                label={t("meetings.heldAt")}
                value={heldAt}
                onChange={(e) => setHeldAt(e.currentTarget.value)}
                error={fe("heldAt")}
                data-testid="meeting-held-at"
              />
              <TextInput
                label={t("meetings.place")}
                value={place}
                onChange={(e) => setPlace(e.currentTarget.value)}
                data-testid="meeting-place"
              />
              <TextInput
                label={t("meetings.chair")}
                value={chairName}
                onChange={(e) => setChair(e.currentTarget.value)}
                data-testid="meeting-chair"
              />
            </Group>
            <Textarea
              label={t("meetings.agendaOnePerLine")}
              autosize
              minRows={2}
              value={agenda}
              onChange={(e) => setAgenda(e.currentTarget.value)}
              error={fe("agenda")}
              data-testid="meeting-agenda"
            />
            <Group justify="flex-end">
              <Button
                data-testid="meeting-create"
                onClick={() =>
                  api<MeetingDetail>("POST", "/api/meetings", {
                    bodyId,
                    heldAt: almatyInputToIso(heldAt),
                    place,
                    chairName,
                    agenda: agenda
                      .split("\n")
                      .map((l) => l.trim())
                      .filter(Boolean)
                      .map((title) => ({ title, speakers: [] })),
                  }).then((m) => navigate(`/prevention/meetings/${m.id}`), setError)
                }
              >
                {t("meetings.plan")}
              </Button>
            </Group>
            <ErrorAlert error={error && !(error instanceof ApiError && error.body.fields) ? error : null} />
          </Stack>
        </Card>
      )}
      {list.data?.items.length === 0 && <Alert variant="light">{t("meetings.none")}</Alert>}
      <Table data-testid="meetings-table">
        <Table.Tbody>
          {list.data?.items.map((m) => (
            <Table.Tr key={m.id} data-testid="meeting-row">
              <Table.Td>
                <Link to={`/prevention/meetings/${m.id}`}>{formatDateTime(m.heldAt)}</Link>
              </Table.Td>
              <Table.Td>{nameOf(m.body.names)}</Table.Td>
              <Table.Td>
                <MeetingStatus m={m} />
              </Table.Td>
              <Table.Td>{t("meetings.decisionCount", { count: m.decisionCount })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function MeetingStatus({ m }: { m: MeetingView }) {
  const { t } = useTranslation();
  return m.status === "held" ? (
    <Badge color="green" data-testid="meeting-status">
      {t("meetings.protocolNo", { number: m.protocolNumber })}
    </Badge>
  ) : (
    <Badge color="gray" data-testid="meeting-status">
      {t("meetingStatus.planned")}
    </Badge>
  );
}

function Attendance({ m, onSaved }: { m: MeetingDetail; onSaved: (m: MeetingDetail) => void }) {
  const { t } = useTranslation();
  const initial = new Map(m.attendance.map((a) => [a.bodyId, a]));
  const [rows, setRows] = useState(
    m.members.map((b) => ({
      bodyId: b.id,
      representative: initial.get(b.id)?.representative ?? "",
      present: initial.get(b.id)?.present ?? false,
    })),
  );
  const [error, setError] = useState<unknown>(null);
  return (
    <Stack gap="xs">
      <Table data-testid="attendance-table">
        <Table.Tbody>
          {m.members.map((b, i) => (
            <Table.Tr key={b.id}>
              <Table.Td>
                <Checkbox
                  checked={rows[i].present}
                  onChange={(e) => {
                    const present = e.currentTarget.checked;
                    setRows((r) => r.map((x, j) => (j === i ? { ...x, present } : x)));
                  }}
                  label={nameOf(b.names)}
                  data-testid="attendance-present"
                />
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {t(`membershipRole.${b.role}`)}
                </Text>
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  placeholder={t("meetings.representative")}
                  value={rows[i].representative}
                  onChange={(e) => {
                    const representative = e.currentTarget.value;
                    setRows((r) => r.map((x, j) => (j === i ? { ...x, representative } : x)));
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button
          variant="light"
          data-testid="attendance-save"
          onClick={() =>
            api<MeetingDetail>("PATCH", `/api/meetings/${m.id}`, {
              version: m.version,
              attendance: rows,
            }).then(onSaved, setError)
          }
        >
          {t("meetings.saveAttendance")}
        </Button>
      </Group>
      <ErrorAlert error={error} />
    </Stack>
  );
}

function AddDecision({ m, onSaved }: { m: MeetingDetail; onSaved: (m: MeetingDetail) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [agendaIndex, setAgendaIndex] = useState("0");
  const [executorIds, setExecutors] = useState<string[]>([]);
  const [coExecutorIds, setCo] = useState<string[]>([]);
  const [controllerBodyId, setController] = useState("");
  const [deadline, setDeadline] = useState("");
  const [error, setError] = useState<unknown>(null);
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);
  const options = m.members.map((b) => ({ value: b.id, label: nameOf(b.names) }));
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text fw={600}>{t("meetings.addDecision")}</Text>
        <NativeSelect
          label={t("meetings.agendaItem")}
          value={agendaIndex}
          onChange={(e) => setAgendaIndex(e.currentTarget.value)}
          data={m.agenda.map((a, i) => ({ value: String(i), label: `${i + 1}. ${a.title}` }))}
        />
        <Textarea
          label={t("meetings.decisionText")}
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fe("text")}
          data-testid="decision-text"
        />
        <Group grow align="flex-start">
          <MultiSelect
            label={t("meetings.executors")}
            data={options}
            value={executorIds}
            onChange={setExecutors}
            searchable
            error={fe("executorIds")}
            data-testid="decision-executors"
          />
          <MultiSelect
            label={t("meetings.coExecutors")}
            data={options}
            value={coExecutorIds}
            onChange={setCo}
            searchable
          />
        </Group>
        <Group grow align="flex-start">
          <NativeSelect
            label={t("meetings.controller")}
            value={controllerBodyId}
            onChange={(e) => setController(e.currentTarget.value)}
            data={[{ value: "", label: nameOf(m.body.names) }, ...options]}
          />
          <TextInput
            type="date"
            label={t("meetings.deadline")}
            value={deadline}
            onChange={(e) => setDeadline(e.currentTarget.value)}
            error={fe("deadline")}
            data-testid="decision-deadline"
          />
        </Group>
        <Group justify="flex-end">
          <Button
            data-testid="decision-add"
            onClick={() =>
              api<MeetingDetail>("POST", `/api/meetings/${m.id}/decisions`, {
                agendaIndex: Number(agendaIndex),
                text,
                executorIds,
                coExecutorIds,
                controllerBodyId: controllerBodyId || null,
                deadline: deadline || null,
              }).then((next) => {
                setText("");
                setExecutors([]);
                setCo([]);
                setError(null);
                onSaved(next);
              }, setError)
            }
          >
            {t("meetings.addDecision")}
          </Button>
        </Group>
        <ErrorAlert error={error && !(error instanceof ApiError && error.body.fields) ? error : null} />
      </Stack>
    </Card>
  );
}

export function MeetingPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["meeting", id], queryFn: () => get<MeetingDetail>(`/api/meetings/${id}`) });
  const [error, setError] = useState<unknown>(null);
  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const m = q.data;
  const set = (next: MeetingDetail) => {
    qc.setQueryData(["meeting", id], next);
    void qc.invalidateQueries({ queryKey: ["meetings"] });
    void qc.invalidateQueries({ queryKey: ["assignments"] });
  };
  const editable = m.canManage && m.status === "planned";
  const pdfLang = i18n.language === "ru" ? "ru" : "kk";
  return (
    <Stack maw={1100}>
      <Link to="/prevention/meetings">← {t("meetings.title")}</Link>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} data-testid="meeting-title">
            {nameOf(m.body.names)}
          </Title>
          <Text>
            {formatDateTime(m.heldAt)} · {m.place || "—"}
          </Text>
          <Text size="sm" c="dimmed">
            {t("meetings.chair")}: {m.chairName || "—"}
          </Text>
          <MeetingStatus m={m} />
        </div>
        <Group>
          {(["kk", "ru"] as const).map((l) => (
            <Button
              key={l}
              component="a"
              variant={l === pdfLang ? "filled" : "light"}
              href={`/api/meetings/${m.id}/protocol.pdf?lang=${l}`}
              data-testid={`protocol-pdf-${l}`}
            >
              {t("meetings.protocolPdf")} ({l === "kk" ? "ҚАЗ" : "РУС"})
            </Button>
          ))}
        </Group>
      </Group>
      <Basis ids={m.basis} />

      <Title order={4}>{t("meetings.agenda")}</Title>
      <Stack gap={4} data-testid="agenda">
        {m.agenda.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an agenda item's position is its identity
          <Text key={i}>
            {i + 1}. {a.title}
            {a.speakers.length > 0 && (
              <Text span size="sm" c="dimmed">
                {" "}
                — {a.speakers.map((s) => s.name).join(", ")}
              </Text>
            )}
          </Text>
        ))}
      </Stack>

      <Title order={4}>{t("meetings.attendance")}</Title>
      {editable ? (
        <Attendance key={m.version} m={m} onSaved={set} />
      ) : (
        <Text size="sm">
          {t("meetings.presentCount", {
            present: m.attendance.filter((a) => a.present).length,
            total: m.attendance.length,
          })}
        </Text>
      )}

      <Title order={4}>{t("meetings.decisions")}</Title>
      {m.decisions.length === 0 && <Text c="dimmed">{t("meetings.noDecisions")}</Text>}
      <Table striped data-testid="decisions-table">
        <Table.Tbody>
          {m.decisions.map((d) => (
            <Table.Tr key={d.id} data-testid="decision-row">
              <Table.Td w={60}>
                {d.agendaIndex + 1}.{d.position}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{d.text}</Text>
                {d.executors.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {t("meetings.executors")}: {d.executors.map((e) => nameOf(e.names)).join("; ")}
                    {d.coExecutors.length > 0 &&
                      ` · ${t("meetings.coExecutors")}: ${d.coExecutors.map((e) => nameOf(e.names)).join("; ")}`}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{d.deadline ?? "—"}</Table.Td>
              <Table.Td>{d.executors.length > 0 && nameOf((d.controller ?? m.body).names)}</Table.Td>
              {editable && (
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() =>
                      api<MeetingDetail>("DELETE", `/api/meetings/${m.id}/decisions/${d.id}`).then(
                        set,
                        setError,
                      )
                    }
                  >
                    {t("common.remove")}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editable && <AddDecision m={m} onSaved={set} />}
      {editable && (
        <Card withBorder>
          <Group justify="space-between">
            <Text size="sm">{t("meetings.signHint")}</Text>
            <Button
              color="green"
              data-testid="meeting-sign"
              onClick={() =>
                api<MeetingDetail>("POST", `/api/meetings/${m.id}/sign`, { version: m.version }).then(
                  set,
                  setError,
                )
              }
            >
              {t("meetings.sign")}
            </Button>
          </Group>
        </Card>
      )}
      <ErrorAlert error={error} />
      {m.assignments.length > 0 && (
        <>
          <Title order={4}>{t("assignments.title")}</Title>
          <AssignmentTable items={m.assignments} />
        </>
      )}
    </Stack>
  );
}
