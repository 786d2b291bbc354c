/**
 * Calendar of exercises and drills (R10.3) and trainings of population groups (R10.2): a month grid,
 * planning, and recording results — each finding becomes an assignment under control (R5).
 */
import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ExerciseView } from "../../domain/contracts/prevention";
import type { BodySummary } from "../../domain/contracts/registry";
import { audienceGroups, exerciseKinds, exerciseSettings } from "../../domain/prevention";
import { ApiError, api, get, qs } from "../api";
import { Basis } from "../components/Basis";
import { ErrorAlert } from "../components/ErrorAlert";
import { nameOf } from "../format";
import { Link } from "../router";
import { useMe } from "../session";
import { PreventionTabs } from "./PreventionTabs";

const MANAGERS = ["commission_secretary", "atc_coordinator", "administrator"];
const pad = (n: number) => String(n).padStart(2, "0");
const STATUS_COLOR = { planned: "blue", held: "green", cancelled: "gray" } as const;

/** Member bodies of a commission, to choose participants and executors from. */
function useMembers(bodyId: string) {
  return useQuery({
    queryKey: ["body-members", bodyId],
    queryFn: () =>
      get<{ members: { memberBodyId: string; memberNames: BodySummary["names"] }[] }>(
        `/api/bodies/${bodyId}`,
      ),
    enabled: !!bodyId,
    select: (b) => b.members.map((m) => ({ value: m.memberBodyId, label: nameOf(m.memberNames) })),
  });
}

function NewExercise({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe().data!;
  const own = me.grants.filter((g) => MANAGERS.includes(g.role));
  const [bodyId, setBodyId] = useState(own[0]?.bodyId ?? "");
  const [kind, setKind] = useState<string>("exercise");
  const [title, setTitle] = useState("");
  const [scenario, setScenario] = useState("");
  const [place, setPlace] = useState("");
  const [setting, setSetting] = useState<string>("work");
  const [audience, setAudience] = useState<string>("social");
  const [audienceDetail, setAudienceDetail] = useState("");
  const [date, setDate] = useState("");
  const [participants, setParticipants] = useState<string[]>([]);
  const [planned, setPlanned] = useState<number>(0);
  const [error, setError] = useState<unknown>(null);
  const members = useMembers(bodyId);
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);
  if (!own.length) return null;
  const training = kind === "training";
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t("meetings.commission")}
          value={bodyId}
          onChange={(e) => setBodyId(e.currentTarget.value)}
          data={own.map((g) => ({ value: g.bodyId, label: nameOf(g.bodyName) }))}
        />
        <NativeSelect
          label={t("exercises.kind")}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value)}
          data={exerciseKinds.map((k) => ({ value: k, label: t(`exerciseKind.${k}`) }))}
          data-testid="exercise-kind"
        />
        <TextInput
          type="date"
          label={t("exercises.date")}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          error={fe("date")}
          data-testid="exercise-date"
        />
      </SimpleGrid>
      <TextInput
        label={t("exercises.name")}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={fe("title")}
        data-testid="exercise-title"
      />
      <Textarea
        label={t("exercises.scenario")}
        value={scenario}
        onChange={(e) => setScenario(e.currentTarget.value)}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t("exercises.place")}
          value={place}
          onChange={(e) => setPlace(e.currentTarget.value)}
        />
        {training ? (
          <>
            <NativeSelect
              label={t("exercises.audience")}
              value={audience}
              onChange={(e) => setAudience(e.currentTarget.value)}
              data={audienceGroups.map((a) => ({ value: a, label: t(`audienceGroup.${a}`) }))}
            />
            <TextInput
              label={t("exercises.audienceDetail")}
              value={audienceDetail}
              onChange={(e) => setAudienceDetail(e.currentTarget.value)}
            />
          </>
        ) : (
          <NativeSelect
            label={t("exercises.setting")}
            value={setting}
            onChange={(e) => setSetting(e.currentTarget.value)}
            data={exerciseSettings.map((s) => ({ value: s, label: t(`exerciseSetting.${s}`) }))}
          />
        )}
      </SimpleGrid>
      <Group grow align="flex-start">
        <MultiSelect
          label={t("exercises.participants")}
          data={members.data ?? []}
          value={participants}
          onChange={setParticipants}
          searchable
        />
        <NumberInput
          label={t("exercises.plannedParticipants")}
          min={0}
          value={planned}
          onChange={(v) => setPlanned(typeof v === "number" ? v : 0)}
        />
      </Group>
      <ErrorAlert error={error && !(error instanceof ApiError && error.body.fields) ? error : null} />
      <Group justify="flex-end">
        <Button
          data-testid="exercise-create"
          onClick={() =>
            api("POST", "/api/exercises", {
              bodyId,
              kind,
              title,
              scenario,
              place,
              setting: training ? null : setting,
              audience: training ? audience : null,
              audienceDetail,
              date,
              participantBodyIds: participants,
              plannedParticipants: planned,
            }).then(onDone, setError)
          }
        >
          {t("exercises.create")}
        </Button>
      </Group>
    </Stack>
  );
}

function RecordResults({ e, onDone }: { e: ExerciseView; onDone: () => void }) {
  const { t } = useTranslation();
  const [results, setResults] = useState("");
  const [actual, setActual] = useState<number>(e.plannedParticipants);
  const [findings, setFindings] = useState<{ text: string; executorBodyId: string; deadline: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const members = useMembers(e.owner.id);
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);
  const save = (status: "held" | "cancelled") =>
    api("POST", `/api/exercises/${e.id}/result`, {
      version: e.version,
      status,
      results,
      actualParticipants: status === "held" ? actual : null,
      findings: status === "held" ? findings : [],
    }).then(onDone, setError);
  return (
    <Stack gap="xs">
      <Textarea
        label={t("exercises.results")}
        value={results}
        onChange={(ev) => setResults(ev.currentTarget.value)}
        error={fe("results")}
        data-testid="exercise-results"
      />
      <NumberInput
        label={t("exercises.actualParticipants")}
        min={0}
        value={actual}
        onChange={(v) => setActual(typeof v === "number" ? v : 0)}
      />
      <Text size="sm" fw={600}>
        {t("exercises.findings")}
      </Text>
      {findings.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows of a form being typed have only their position
        <Group key={i} grow align="flex-start">
          <TextInput
            placeholder={t("exercises.finding")}
            value={f.text}
            onChange={(ev) => {
              const text = ev.currentTarget.value;
              setFindings((x) => x.map((y, j) => (j === i ? { ...y, text } : y)));
            }}
            error={fe(`findings.${i}.text`)}
            data-testid="finding-text"
          />
          <NativeSelect
            value={f.executorBodyId}
            onChange={(ev) => {
              const executorBodyId = ev.currentTarget.value;
              setFindings((x) => x.map((y, j) => (j === i ? { ...y, executorBodyId } : y)));
            }}
            data={[{ value: "", label: t("meetings.executors") }, ...(members.data ?? [])]}
            error={fe(`findings.${i}.executorBodyId`)}
            data-testid="finding-executor"
          />
          <TextInput
            type="date"
            value={f.deadline}
            onChange={(ev) => {
              const deadline = ev.currentTarget.value;
              setFindings((x) => x.map((y, j) => (j === i ? { ...y, deadline } : y)));
            }}
            error={fe(`findings.${i}.deadline`)}
            data-testid="finding-deadline"
          />
        </Group>
      ))}
      <Group justify="space-between">
        <Button
          variant="subtle"
          onClick={() => setFindings((x) => [...x, { text: "", executorBodyId: "", deadline: "" }])}
          data-testid="finding-add"
        >
          {t("exercises.addFinding")}
        </Button>
        <Group>
          <Button variant="light" color="gray" onClick={() => save("cancelled")}>
            {t("exercises.cancel")}
          </Button>
          <Button color="green" onClick={() => save("held")} data-testid="exercise-record">
            {t("exercises.held")}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={error && !(error instanceof ApiError && error.body.fields) ? error : null} />
    </Stack>
  );
}

function ExerciseCard({ e, onChanged }: { e: ExerciseView; onChanged: () => void }) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState(false);
  return (
    <Card withBorder data-testid="exercise-card">
      <Group justify="space-between" align="flex-start">
        <div>
          <Text fw={600}>{e.title}</Text>
          <Text size="sm" c="dimmed">
            {e.date} · {t(`exerciseKind.${e.kind}`)} ·{" "}
            {e.setting
              ? t(`exerciseSetting.${e.setting}`)
              : e.audience
                ? `${t(`audienceGroup.${e.audience}`)} ${e.audienceDetail}`
                : ""}
            {e.place && ` · ${e.place}`}
          </Text>
          <Text size="xs" c="dimmed">
            {nameOf(e.owner.names)}
            {e.participants.length > 0 && ` · ${e.participants.map((p) => nameOf(p.names)).join("; ")}`}
          </Text>
        </div>
        <Group gap={4}>
          <Badge variant="light">{e.basis}</Badge>
          <Badge color={STATUS_COLOR[e.status]} data-testid="exercise-status">
            {t(`exerciseStatus.${e.status}`)}
          </Badge>
        </Group>
      </Group>
      {e.scenario && <Text size="sm">{e.scenario}</Text>}
      {e.status !== "planned" && (
        <Stack gap={2} mt="xs">
          <Text size="sm">
            <b>{t("exercises.results")}:</b> {e.results}
            {e.actualParticipants !== null &&
              ` (${t("exercises.actualParticipants")}: ${e.actualParticipants})`}
          </Text>
          {e.findings.map((f) => (
            <Text size="sm" key={`${f.assignmentId}-${f.text}`}>
              • {f.text} — {nameOf(f.executor.names)}, {f.deadline}{" "}
              {f.assignmentId && <Link to={`/prevention/assignments/${f.assignmentId}`}>→</Link>}
            </Text>
          ))}
        </Stack>
      )}
      {e.canManage && e.status === "planned" && (
        <Group justify="flex-end">
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => setRecording(true)}
            data-testid="exercise-record-open"
          >
            {t("exercises.record")}
          </Button>
        </Group>
      )}
      <Modal opened={recording} onClose={() => setRecording(false)} title={t("exercises.record")} size="lg">
        {recording && (
          <RecordResults
            e={e}
            onDone={() => {
              setRecording(false);
              onChanged();
            }}
          />
        )}
      </Modal>
    </Card>
  );
}

export function ExercisesPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const today = new Date();
  const [month, setMonth] = useState({ y: today.getFullYear(), m: today.getMonth() + 1 });
  const [adding, setAdding] = useState(false);
  const last = new Date(Date.UTC(month.y, month.m, 0)).getUTCDate();
  const from = `${month.y}-${pad(month.m)}-01`;
  const to = `${month.y}-${pad(month.m)}-${pad(last)}`;
  const q = useQuery({
    queryKey: ["exercises", from, to],
    queryFn: () => get<{ items: ExerciseView[] }>(`/api/exercises${qs({ from, to })}`),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["exercises"] });
  const shift = (d: number) =>
    setMonth(({ y, m }) => {
      const n = m + d;
      return n < 1 ? { y: y - 1, m: 12 } : n > 12 ? { y: y + 1, m: 1 } : { y, m: n };
    });
  const lead = (new Date(Date.UTC(month.y, month.m - 1, 1)).getUTCDay() + 6) % 7; // Monday first
  const monthName = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : i18n.language, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(month.y, month.m - 1, 1)));
  const byDay = new Map<number, ExerciseView[]>();
  for (const e of q.data?.items ?? []) {
    const d = Number(e.date.slice(8, 10));
    byDay.set(d, [...(byDay.get(d) ?? []), e]);
  }
  return (
    <Stack maw={1100}>
      <PreventionTabs active="exercises" />
      <Group justify="space-between">
        <Title order={2}>{t("exercises.title")}</Title>
        <Button onClick={() => setAdding(true)} data-testid="exercise-new">
          {t("exercises.new")}
        </Button>
      </Group>
      <Basis ids={["R10.2", "R10.3", "R5"]} />
      <Text size="sm" c="dimmed">
        {t("exercises.intro")}
      </Text>
      <Group>
        <Button
          variant="subtle"
          onClick={() => shift(-1)}
          aria-label={t("exercises.prevMonth")}
          data-testid="month-prev"
        >
          ←
        </Button>
        <Text fw={600} w={200} ta="center" data-testid="month-name">
          {monthName}
        </Text>
        <Button
          variant="subtle"
          onClick={() => shift(1)}
          aria-label={t("exercises.nextMonth")}
          data-testid="month-next"
        >
          →
        </Button>
      </Group>
      <div
        style={{ display: "grid", gridTemplateColumns: "repeat(7, 1fr)", gap: 4 }}
        data-testid="exercise-calendar"
      >
        {lead > 0 && <div style={{ gridColumn: `span ${lead}` }} />}
        {Array.from({ length: last }, (_, i) => i + 1).map((d) => (
          <div
            key={d}
            style={{
              minHeight: 56,
              border: "1px solid var(--mantine-color-gray-3)",
              borderRadius: 4,
              padding: 4,
              background: byDay.has(d) ? "var(--mantine-color-blue-light)" : undefined,
            }}
          >
            <Text size="xs" c="dimmed">
              {d}
            </Text>
            {(byDay.get(d) ?? []).map((e) => (
              <Text key={e.id} size="xs" lineClamp={1} data-testid="calendar-item">
                {t(`exerciseKind.${e.kind}`)}: {e.title}
              </Text>
            ))}
          </div>
        ))}
      </div>
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && <Text c="dimmed">{t("exercises.none")}</Text>}
      {q.data?.items.map((e) => (
        <ExerciseCard key={e.id} e={e} onChanged={refresh} />
      ))}
      <Modal opened={adding} onClose={() => setAdding(false)} title={t("exercises.new")} size="lg">
        {adding && (
          <NewExercise
            onDone={() => {
              setAdding(false);
              refresh();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
