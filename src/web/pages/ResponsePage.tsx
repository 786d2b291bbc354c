/** Response (ch. 3): the reports board of the user's area and the report form (R16, R18). */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Input,
  Loader,
  Modal,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_FILES } from "../../domain/attachments";
import { type IncidentType, incidentStatuses, incidentTypes } from "../../domain/incidents";
import { ApiError, api, ok } from "../api/client";
import { Basis } from "../components/Basis";
import { Campaigns } from "../components/Campaigns";
import { ErrorAlert } from "../components/ErrorAlert";
import { IncidentPicture } from "../components/IncidentPicture";
import { TerritoryPicker } from "../components/TerritoryPicker";
import { IncidentBoardList } from "../features/incidents/IncidentBoardList";
import { PlacePicker } from "../features/map/PlacePicker";
import { ReportObjectField } from "../features/objects/ObjectLinks";
import { almatyInputToIso, formatBytes, formatDateTime, nameOf } from "../format";
import { enqueue, flush, pending, pendingFiles, pendingReports, type ReportBody, send } from "../outbox";
import { Link } from "../router";
import { useMe } from "../session";

function nowAlmatyInput(): string {
  const d = new Date(Date.now() + 5 * 3600_000);
  return d.toISOString().slice(0, 16);
}

const outboxCount = () => ({ reports: pendingReports().length, files: pendingFiles() });

function usePendingCount() {
  const [n, setN] = useState(outboxCount);
  useEffect(() => {
    const update = () => setN(outboxCount());
    window.addEventListener("qorgan-outbox", update);
    window.addEventListener("storage", update);
    return () => {
      window.removeEventListener("qorgan-outbox", update);
      window.removeEventListener("storage", update);
    };
  }, []);
  return n;
}

/** What the person is told after filing: the number, and the files that were not attached with why. */
export type SentNote = { regNumber: string; problems: string[] };

function ReportForm({ onSent }: { onSent: (note: SentNote) => void }) {
  const { t } = useTranslation();
  const [type, setType] = useState<IncidentType>("suspicious_object");
  const [occurred, setOccurred] = useState(nowAlmatyInput());
  const [territoryCode, setTerritory] = useState<string | null>(null);
  const [offshore, setOffshore] = useState(false);
  const [address, setAddress] = useState("");
  const [description, setDescription] = useState("");
  const [casualties, setCasualties] = useState<number | null>(null);
  const [contact, setContact] = useState("");
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [pointConfirmed, setPointConfirmed] = useState(false);
  const [objectId, setObjectId] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblems, setFileProblems] = useState<string[]>([]);
  const [notKept, setNotKept] = useState<string[]>([]);
  const maxLabel = formatBytes(ATTACHMENT_MAX_BYTES);
  const pickFiles = (picked: File[]) => {
    const problems: string[] = [];
    const fit = picked.filter((f) => {
      if (f.size <= ATTACHMENT_MAX_BYTES) return true;
      problems.push(t("attachments.tooLarge", { name: f.name, max: maxLabel }));
      return false;
    });
    if (fit.length > ATTACHMENT_MAX_FILES)
      problems.push(t("attachments.tooMany", { count: ATTACHMENT_MAX_FILES }));
    setFiles(fit.slice(0, ATTACHMENT_MAX_FILES));
    setFileProblems(problems);
  };
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: ReportBody = {
      type,
      occurredAt: almatyInputToIso(occurred) ?? "",
      territoryCode: territoryCode ?? (offshore ? "KZ-CASPIAN" : ""),
      offshore,
      address,
      description,
      casualties,
      reporterContact: contact,
      lat: point?.lat ?? null,
      lon: point?.lon ?? null,
      pointOutsideConfirmed: pointConfirmed,
      objectId,
    };
    const entry = await enqueue(body, files);
    const lost = entry.notKept ?? [];
    setNotKept(lost);
    try {
      const res = await send(entry);
      onSent({
        regNumber: res.incident.regNumber,
        problems: [
          ...res.refused.map((r) => `${r.name}: ${r.message}`),
          ...(lost.length ? [t("attachments.notKept", { names: lost.join(", ") })] : []),
        ],
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error instanceof ApiError && error.status === 0 ? (
          <Alert color="yellow" data-testid="report-queued">
            {t("response.pending", { count: pendingReports().length })}
            {files.length - notKept.length > 0 && (
              <Text size="sm">{t("attachments.kept", { count: files.length - notKept.length })}</Text>
            )}
            {notKept.length > 0 && (
              <Text size="sm" c="red" data-testid="report-files-not-kept">
                {t("attachments.notKept", { names: notKept.join(", ") })}
              </Text>
            )}
          </Alert>
        ) : (
          <ErrorAlert error={error} testId="report-error" />
        )}
        <NativeSelect
          label={t("response.type")}
          value={type}
          onChange={(e) => setType(e.currentTarget.value as IncidentType)}
          data={incidentTypes.map((x) => ({ value: x, label: t(`incidentType.${x}`) }))}
          error={fe("type")}
          data-testid="report-type"
        />
        <TextInput
          type="datetime-local"
          label={t("response.occurredAt")}
          value={occurred}
          onChange={(e) => setOccurred(e.currentTarget.value)}
          error={fe("occurredAt")}
          required
        />
        <Checkbox
          label={t("response.offshore")}
          checked={offshore}
          onChange={(e) => setOffshore(e.currentTarget.checked)}
          data-testid="report-offshore"
        />
        <TerritoryPicker
          value={territoryCode}
          onChange={(code) => {
            setTerritory(code);
            if (code !== territoryCode) setObjectId(null);
          }}
          label={t("response.place")}
          maxLevel={4}
          error={fe("territoryCode")}
          testId="report-place"
          required={!offshore}
        />
        <PlacePicker
          territoryCode={territoryCode}
          offshore={offshore}
          point={point}
          onPoint={setPoint}
          confirmed={pointConfirmed}
          onConfirm={setPointConfirmed}
          error={fe("pointOutsideConfirmed")}
        />
        <ReportObjectField
          type={type}
          territoryCode={territoryCode}
          value={objectId}
          onChange={setObjectId}
          error={fe("objectId")}
        />
        <TextInput
          label={t("response.address")}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          error={fe("address")}
          data-testid="report-address"
        />
        <Textarea
          label={t("response.description")}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fe("description")}
          autosize
          minRows={3}
          required
          data-testid="report-description"
        />
        <SimpleGrid cols={2}>
          <NumberInput
            label={t("response.casualties")}
            value={casualties ?? ""}
            onChange={(v) => setCasualties(typeof v === "number" ? v : null)}
            min={0}
            error={fe("casualties")}
          />
          <TextInput
            label={t("response.contact")}
            value={contact}
            onChange={(e) => setContact(e.currentTarget.value)}
            error={fe("reporterContact")}
          />
        </SimpleGrid>
        <Input.Wrapper
          label={t("attachments.pick")}
          description={t("attachments.hint", { max: maxLabel, count: ATTACHMENT_MAX_FILES })}
          id="report-files"
        >
          <input
            id="report-files"
            type="file"
            multiple
            accept={ATTACHMENT_ACCEPT}
            data-testid="report-files"
            onChange={(e) => pickFiles([...(e.currentTarget.files ?? [])])}
            style={{ display: "block", marginTop: 4 }}
          />
        </Input.Wrapper>
        {files.length > 0 && (
          <Stack gap={0} data-testid="report-files-picked">
            {files.map((f) => (
              <Text key={`${f.name}-${f.size}`} size="xs">
                {f.name} · {formatBytes(f.size)}
              </Text>
            ))}
          </Stack>
        )}
        {fileProblems.map((p) => (
          <Text key={p} size="xs" c="red" data-testid="report-file-problem">
            {p}
          </Text>
        ))}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="report-submit">
            {t("response.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type LiveEvent = {
  event: "reported" | "triaged" | "escalated";
  id: string;
  regNumber: string;
  type: string;
  campaignId: string | null;
};

/** A short two-tone alert (Web Audio: no sound files). Browsers may keep it silent until the user has clicked. */
function beep() {
  try {
    const ctx = new AudioContext();
    for (const [i, f] of [880, 660].entries()) {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = f;
      g.gain.value = 0.15;
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + i * 0.2);
      o.stop(ctx.currentTime + i * 0.2 + 0.18);
    }
  } catch {
    /* no audio */
  }
}

/**
 * Subscribe to the live stream; returns whether it is connected. The browser reconnects by itself and
 * sends the last event's id (Last-Event-ID): the server first sends what was missed, or `reset` when
 * that is no longer kept. When the browser gives up (an HTTP error, e.g. while no instance answers),
 * a new stream is opened with that id in the query.
 */
function useLiveIncidents(onEvent: (e: LiveEvent) => void, onReset: () => void) {
  const [live, setLive] = useState(false);
  useEffect(() => {
    let es: EventSource | null = null;
    let lastId = "";
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const track = (m: Event) => {
      const id = (m as MessageEvent).lastEventId;
      if (id) lastId = id;
    };
    const connect = () => {
      const source = new EventSource(
        `/api/events/incidents${lastId ? `?lastEventId=${encodeURIComponent(lastId)}` : ""}`,
      );
      es = source;
      source.onopen = () => {
        setLive(true);
        onReset(); // the list catches up with what changed while (re)connecting
      };
      source.onerror = () => {
        setLive(false);
        if (source.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(connect, 5000);
        }
      };
      source.addEventListener("position", track);
      source.addEventListener("incident", (m) => {
        track(m);
        onEvent(JSON.parse((m as MessageEvent).data));
      });
      source.addEventListener("reset", (m) => {
        track(m);
        onReset();
      });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      es?.close();
    };
  }, [onEvent, onReset]);
  return live;
}

function OperationsList() {
  const { t } = useTranslation();
  // On a phone one card per operation: five columns do not fit 390 px (the dates fell off the edge).
  const phone = useMediaQuery("(max-width: 48em)");
  const ops = useQuery({
    queryKey: ["operations"],
    queryFn: () => ok(api.GET("/api/operations", { params: { query: { limit: 100 } } })),
    refetchInterval: 15_000,
  });
  if (!ops.data || ops.data.total === 0) return null;
  const status = (o: (typeof ops.data.items)[number]) => (
    <Badge color={o.status === "active" ? "red" : "gray"}>
      {o.status === "active" ? t("operations.statusActive") : t("operations.statusEnded")}
    </Badge>
  );
  return (
    <Stack gap="xs">
      <Title order={3}>{t("operations.title")}</Title>
      <Basis ids={["R17", "R18"]} />
      {phone ? (
        <Stack gap="xs" data-testid="operations-table">
          {ops.data.items.map((o) => (
            <Paper key={o.id} withBorder p="xs" data-testid="operation-row">
              <Group justify="space-between" gap="xs">
                <Link to={`/operations/${o.id}`} style={{ whiteSpace: "nowrap" }}>
                  № {o.number}
                </Link>
                {status(o)}
              </Group>
              <Text size="sm" fw={500}>
                {o.title}
              </Text>
              <Text size="xs" c="dimmed" data-testid="operation-started">
                {formatDateTime(o.regimeStartedAt)} · {nameOf(o.commandingHq.names)}
              </Text>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table data-testid="operations-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("operations.numberCol")}</Table.Th>
              <Table.Th>{t("operations.name")}</Table.Th>
              <Table.Th>{t("response.status")}</Table.Th>
              <Table.Th>{t("operations.commandingHq")}</Table.Th>
              <Table.Th>{t("operations.regimeStartedAt")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ops.data.items.map((o) => (
              <Table.Tr key={o.id} data-testid="operation-row">
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <Link to={`/operations/${o.id}`}>{o.number}</Link>
                </Table.Td>
                <Table.Td>{o.title}</Table.Td>
                <Table.Td>{status(o)}</Table.Td>
                <Table.Td>{nameOf(o.commandingHq.names)}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(o.regimeStartedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function ResponsePage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const qc = useQueryClient();
  const [openOnly, setOpenOnly] = useState(true);
  const [reporting, setReporting] = useState(false);
  const [sent, setSent] = useState<SentNote | null>(null);
  const pendingCount = usePendingCount();
  const [arrived, setArrived] = useState<LiveEvent[]>([]);
  // Reports already announced (a replay after a reconnect must not announce one twice), and one beep
  // for a burst (the reports that arrived while the board was away come together).
  const announced = useRef(new Set<string>());
  const beepSoon = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onEvent = useCallback(
    (e: LiveEvent) => {
      void qc.invalidateQueries({ queryKey: ["incidents"] });
      void qc.invalidateQueries({ queryKey: ["incident", e.id] });
      if (e.campaignId) void qc.invalidateQueries({ queryKey: ["campaigns"] });
      if (e.event === "reported" && me.permissions.triage && !e.campaignId && !announced.current.has(e.id)) {
        announced.current.add(e.id);
        setArrived((old) => [e, ...old.filter((x) => x.id !== e.id)].slice(0, 5));
        beepSoon.current ??= setTimeout(() => {
          beepSoon.current = null;
          beep();
        }, 200);
      }
    },
    [qc, me.permissions.triage],
  );
  const onReset = useCallback(() => {
    void qc.invalidateQueries({ queryKey: ["incidents"] });
    void qc.invalidateQueries({ queryKey: ["campaigns"] });
  }, [qc]);
  const live = useLiveIncidents(onEvent, onReset);
  const [, tick] = useState(0);
  const [showWaves, setShowWaves] = useState(false);
  const [type, setType] = useState("");
  const [status, setStatus] = useState("");
  const params = {
    open: openOnly ? ("true" as const) : undefined,
    campaign: showWaves ? undefined : ("none" as const),
    type: incidentTypes.find((x) => x === type),
    status: incidentStatuses.find((x) => x === status),
    limit: 200,
  };
  const list = useQuery({
    queryKey: ["incidents", params],
    queryFn: () => ok(api.GET("/api/incidents", { params: { query: params } })),
    placeholderData: keepPreviousData,
    refetchInterval: live ? false : 10_000,
  });

  useEffect(() => {
    const retry = () => void flush().then(() => qc.invalidateQueries({ queryKey: ["incidents"] }));
    retry();
    const timer = setInterval(() => {
      if (pending().length) retry();
      tick((x) => x + 1);
    }, 10_000);
    window.addEventListener("online", retry);
    return () => {
      clearInterval(timer);
      window.removeEventListener("online", retry);
    };
  }, [qc]);

  // Keyboard: N opens the report form, "/" jumps to the filters (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (el.closest("input, textarea, select, [contenteditable]") || e.ctrlKey || e.metaKey || e.altKey)
        return;
      if ((e.key === "n" || e.key === "N" || e.key === "т" || e.key === "Т") && me.permissions.report) {
        e.preventDefault();
        setReporting(true);
      } else if (e.key === "/") {
        e.preventDefault();
        document.querySelector<HTMLSelectElement>('[data-testid="board-type"]')?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [me.permissions.report]);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t("response.board")}</Title>
        {me.permissions.report && (
          <Button color="red" onClick={() => setReporting(true)} data-testid="report-new">
            {t("response.newReport")}
          </Button>
        )}
      </Group>
      <Basis ids={["R16", "R18"]} />
      <Text size="sm" c="dimmed" maw={900}>
        {t("response.intro")}
      </Text>
      {arrived.map((e) => (
        <Alert
          key={e.id}
          color="red"
          variant="filled"
          withCloseButton
          onClose={() => setArrived((old) => old.filter((x) => x.id !== e.id))}
          data-testid="incident-arrived"
          role="alert"
        >
          <Link to={`/response/${e.id}`} style={{ color: "inherit" }}>
            {t("response.newArrived", { number: e.regNumber, type: t(`incidentType.${e.type}`) })}
          </Link>
        </Alert>
      ))}
      {sent && (
        <Alert
          color={sent.problems.length ? "yellow" : "green"}
          withCloseButton
          onClose={() => setSent(null)}
          data-testid="report-sent"
        >
          {t("response.sent", { number: sent.regNumber })}
          {sent.problems.length > 0 && (
            <Text size="sm" data-testid="report-sent-file-problems">
              {t("attachments.refused", { details: sent.problems.join("; ") })}
            </Text>
          )}
        </Alert>
      )}
      {pendingCount.reports + pendingCount.files > 0 && (
        <Alert color="yellow" data-testid="outbox-pending">
          <Group justify="space-between">
            <Text size="sm">
              {pendingCount.reports > 0 && t("response.pending", { count: pendingCount.reports })}{" "}
              {pendingCount.files > 0 && t("attachments.waiting", { count: pendingCount.files })}
            </Text>
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => void flush().then(() => qc.invalidateQueries({ queryKey: ["incidents"] }))}
            >
              {t("response.retryNow")}
            </Button>
          </Group>
        </Alert>
      )}
      <Group>
        <NativeSelect
          size="xs"
          value={type}
          onChange={(e) => setType(e.currentTarget.value)}
          data={[
            { value: "", label: t("response.allTypes") },
            ...incidentTypes.map((x) => ({ value: x, label: t(`incidentType.${x}`) })),
          ]}
          aria-label={t("response.type")}
          data-testid="board-type"
        />
        <NativeSelect
          size="xs"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value)}
          data={[
            { value: "", label: t("response.allStatuses") },
            ...incidentStatuses.map((x) => ({ value: x, label: t(`incidentStatus.${x}`) })),
          ]}
          aria-label={t("response.status")}
          data-testid="board-status"
        />
        <Checkbox
          label={t("response.openOnly")}
          checked={openOnly}
          onChange={(e) => setOpenOnly(e.currentTarget.checked)}
        />
        <Checkbox
          label={t("campaigns.showInBoard")}
          checked={showWaves}
          onChange={(e) => setShowWaves(e.currentTarget.checked)}
        />
        {live && (
          <Badge color="green" variant="dot" data-testid="board-live">
            {t("response.live")}
          </Badge>
        )}
        <Text size="xs" c="dimmed">
          {t("response.autoRefresh")} {t("response.keys")}
        </Text>
        {list.isFetching && <Loader size="xs" data-testid="board-fetching" />}
      </Group>
      <Campaigns canTriage={me.permissions.triage} />
      <ErrorAlert error={list.error} />
      <IncidentBoardList items={list.data?.items ?? []} />
      {list.data && list.data.total === 0 && <Text c="dimmed">{t("response.none")}</Text>}
      <OperationsList />
      {me.permissions.triage && (
        <IncidentPicture
          points={(list.data?.items ?? [])
            .filter((i) => i.lat !== null && i.lon !== null)
            .map((i) => ({ id: i.id, lat: i.lat as number, lon: i.lon as number }))}
        />
      )}
      <Modal
        opened={reporting}
        onClose={() => setReporting(false)}
        title={t("response.reportTitle")}
        size="lg"
      >
        {reporting && (
          <ReportForm
            onSent={(n) => {
              setReporting(false);
              setSent(n);
              void qc.invalidateQueries({ queryKey: ["incidents"] });
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
