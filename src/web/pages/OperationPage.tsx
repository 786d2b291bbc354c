/** One counter-terrorist operation (R17–R19): command, forces, log, end and referral. */
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OperationDetail } from "../../domain/contracts/operations";
import type { BodySummary } from "../../domain/contracts/registry";
import { type ForceStatus, type LogEntryType, logEntryTypes } from "../../domain/operations";
import { ApiError, api, get, qs } from "../api";
import { Basis } from "../components/Basis";
import { BoundaryMap, type FeatureCollection } from "../components/BoundaryMap";
import { ErrorAlert } from "../components/ErrorAlert";
import { Field } from "../components/Field";
import { formatDateTime, nameOf } from "../format";
import { Link } from "../router";

function AddForce({ op, onDone }: { op: OperationDetail; onDone: (o: OperationDetail) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q, 250);
  const [bodyId, setBodyId] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const found = useQuery({
    queryKey: ["bodies", "force-pick", debounced],
    queryFn: async () => {
      const [forces, states] = await Promise.all([
        get<{ items: BodySummary[] }>(
          `/api/bodies${qs({ q: debounced, kind: "response_force", limit: 15 })}`,
        ),
        get<{ items: BodySummary[] }>(`/api/bodies${qs({ q: debounced, kind: "state_body", limit: 10 })}`),
      ]);
      return [...forces.items, ...states.items];
    },
    enabled: debounced.length >= 2,
  });
  return (
    <Stack>
      <ErrorAlert error={error} />
      <TextInput
        label={t("common.search")}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-testid="force-search"
      />
      <NativeSelect
        label={t("operations.forceBody")}
        value={bodyId}
        onChange={(e) => setBodyId(e.currentTarget.value)}
        data={[
          { value: "", label: "—" },
          ...(found.data ?? []).map((b) => ({
            value: b.id,
            label: `${nameOf(b.names)} · ${t(`kind.${b.kind}`)}`,
          })),
        ]}
        data-testid="force-body"
      />
      <TextInput label={t("operations.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <Group justify="flex-end">
        <Button
          disabled={!bodyId}
          data-testid="force-save"
          onClick={() =>
            api<OperationDetail>("POST", `/api/operations/${op.id}/forces`, { bodyId, note }).then(
              onDone,
              setError,
            )
          }
        >
          {t("operations.addForce")}
        </Button>
      </Group>
    </Stack>
  );
}

export function OperationPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["operation", id],
    queryFn: () => get<OperationDetail>(`/api/operations/${id}`),
    refetchInterval: 10_000,
  });
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState(false);
  const [entryType, setEntryType] = useState<LogEntryType>("situation_update");
  const [text, setText] = useState("");
  const [outcome, setOutcome] = useState("");
  const [lessons, setLessons] = useState("");
  const [referral, setReferral] = useState({ investigatingBody: "", caseNumber: "", date: "" });
  const regions = useQuery({
    queryKey: ["geo", "regions"],
    queryFn: () => get<FeatureCollection>("/api/geo/regions"),
    staleTime: Infinity,
  });

  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const op = q.data;
  const can = (a: string) => (op.allowedActions as string[]).includes(a);
  const set = (o: OperationDetail) => {
    qc.setQueryData(["operation", id], o);
    void qc.invalidateQueries({ queryKey: ["operations"] });
    setError(null);
  };
  const run = (p: Promise<OperationDetail>) =>
    p.then(set, (e) => {
      setError(e);
      if (e instanceof ApiError && e.body.code === "version_conflict") void q.refetch();
    });
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);

  return (
    <Stack maw={1100}>
      <Anchor component={Link} to="/response" size="sm">
        ← {t("response.board")}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} data-testid="operation-title">
            {op.number} · {op.title}
          </Title>
          <Group gap="xs">
            <Badge color={op.status === "active" ? "red" : "gray"} data-testid="operation-status">
              {op.status === "active" ? t("operations.statusActive") : t("operations.statusEnded")}
            </Badge>
            {op.goals.map((g) => (
              <Badge key={g} variant="light">
                {t(`goal.${g}`)}
              </Badge>
            ))}
          </Group>
        </div>
        <Group>
          {can("take_over") && (
            <Button
              color="orange"
              onClick={() => run(api("POST", `/api/operations/${id}/take-over`, { version: op.version }))}
              data-testid="operation-take-over"
            >
              {t("operations.takeOver")}
            </Button>
          )}
          {can("end") && (
            <Button color="gray" onClick={() => setEnding(true)} data-testid="operation-end">
              {t("operations.end")}
            </Button>
          )}
        </Group>
      </Group>
      <Basis ids={op.basis} />
      <ErrorAlert
        error={error && !(error instanceof ApiError && error.body.fields) ? error : null}
        testId="operation-error"
      />
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Field
            label={t("operations.commandingHq")}
            value={<span data-testid="operation-hq">{nameOf(op.commandingHq.names)}</span>}
          />
          <Field label={t("operations.regimeStartedAt")} value={formatDateTime(op.regimeStartedAt)} />
          <Field label={t("operations.endedAt")} value={op.endedAt ? formatDateTime(op.endedAt) : ""} />
          <Field label={t("operations.zone")} value={op.zone.map((z) => nameOf(z.names)).join(", ")} />
          <Field
            label={t("operations.chain")}
            value={op.commandChain
              .map((c) => `${formatDateTime(c.since)} — ${nameOf(c.hq.names)}`)
              .join("\n")}
          />
          <Field
            label={t("operations.incidents")}
            value={
              <Group gap={4}>
                {op.incidents.map((i) => (
                  <Link key={i.id} to={`/response/${i.id}`}>
                    {i.regNumber}
                  </Link>
                ))}
              </Group>
            }
          />
        </SimpleGrid>
      </Card>

      {op.zoneArea && regions.data && (
        <BoundaryMap
          regions={regions.data}
          height={280}
          testId="operation-zone-map"
          area={op.zoneArea.coordinates[0].slice(0, -1) as [number, number][]}
        />
      )}
      <Group justify="space-between">
        <Title order={3}>{t("operations.forces")}</Title>
        {can("command") && (
          <Button size="xs" onClick={() => setAdding(true)} data-testid="force-add">
            {t("operations.addForce")}
          </Button>
        )}
      </Group>
      <Table data-testid="forces-table">
        <Table.Tbody>
          {op.forces.map((f) => (
            <Table.Tr key={f.id} data-testid="force-row">
              <Table.Td>
                <Link to={`/registry/${f.body.id}`}>{nameOf(f.body.names)}</Link>
                {f.body.subtype && (
                  <Text size="xs" c="dimmed">
                    {t(`subtype.${f.body.subtype}`)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge data-testid="force-status">{t(`forceStatus.${f.status}`)}</Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {formatDateTime(f.requestedAt)}
                  {f.onSiteAt && ` → ${formatDateTime(f.onSiteAt)}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {f.nextStatuses.map((s: ForceStatus) => (
                    <Button
                      key={s}
                      size="compact-xs"
                      variant="light"
                      onClick={() =>
                        run(api("PATCH", `/api/operation-forces/${f.id}`, { status: s, version: f.version }))
                      }
                      data-testid={`force-${s}`}
                    >
                      {t(`forceStatus.${s}`)}
                    </Button>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={3}>{t("operations.log")}</Title>
      <Text size="xs" c="dimmed">
        {t("operations.logHint")}
      </Text>
      {can("write_log") && (
        <Group align="flex-end">
          <NativeSelect
            label={t("operations.entryType")}
            value={entryType}
            onChange={(e) => setEntryType(e.currentTarget.value as LogEntryType)}
            data={logEntryTypes.map((x) => ({ value: x, label: t(`logEntryType.${x}`) }))}
            data-testid="log-type"
          />
          <TextInput
            label={t("operations.text")}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={500}
            w={360}
            data-testid="log-text"
          />
          <Button
            onClick={() =>
              run(
                api<OperationDetail>("POST", `/api/operations/${id}/log`, { entryType, text }).finally(() =>
                  setText(""),
                ),
              )
            }
            data-testid="log-add"
          >
            {t("operations.addLog")}
          </Button>
        </Group>
      )}
      <Table data-testid="log-table">
        <Table.Tbody>
          {op.log.map((l) => (
            <Table.Tr key={l.id} data-testid="log-row">
              <Table.Td>{formatDateTime(l.at)}</Table.Td>
              <Table.Td>{l.actorName}</Table.Td>
              <Table.Td>{t(`logEntryType.${l.entryType}`)}</Table.Td>
              <Table.Td>{l.text}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {op.status === "ended" && (
        <Card withBorder>
          <Title order={4}>{t("operations.summary")}</Title>
          <Field label={t("operations.outcome")} value={op.outcome} />
          <Field label={t("operations.lessons")} value={op.lessons} />
          <Group mt="sm">
            <Button
              component="a"
              variant="light"
              href={`/api/operations/${op.id}/summary.pdf?lang=${i18n.language}`}
              data-testid="export-pdf"
            >
              {t("operations.exportPdf")}
            </Button>
            <Button
              component="a"
              variant="light"
              href={`/api/operations/${op.id}/summary.xlsx?lang=${i18n.language}`}
              data-testid="export-xlsx"
            >
              {t("operations.exportXlsx")}
            </Button>
          </Group>
        </Card>
      )}
      {(op.referral || can("refer")) && (
        <Card withBorder>
          <Title order={4}>{t("operations.referral")}</Title>
          {op.referral ? (
            <SimpleGrid cols={3}>
              <Field label={t("operations.investigatingBody")} value={op.referral.investigatingBody} />
              <Field label={t("operations.caseNumber")} value={op.referral.caseNumber} />
              <Field label={t("operations.referralDate")} value={op.referral.date} />
            </SimpleGrid>
          ) : (
            <Group align="flex-end">
              <TextInput
                label={t("operations.investigatingBody")}
                value={referral.investigatingBody}
                onChange={(e) => setReferral({ ...referral, investigatingBody: e.currentTarget.value })}
                error={fe("investigatingBody")}
              />
              <TextInput
                label={t("operations.caseNumber")}
                value={referral.caseNumber}
                onChange={(e) => setReferral({ ...referral, caseNumber: e.currentTarget.value })}
                error={fe("caseNumber")}
              />
              <TextInput
                type="date"
                label={t("operations.referralDate")}
                value={referral.date}
                onChange={(e) => setReferral({ ...referral, date: e.currentTarget.value })}
                error={fe("date")}
              />
              <Button
                onClick={() =>
                  run(api("PUT", `/api/operations/${id}/referral`, { version: op.version, ...referral }))
                }
              >
                {t("common.save")}
              </Button>
            </Group>
          )}
        </Card>
      )}

      <Modal opened={adding} onClose={() => setAdding(false)} title={t("operations.addForce")} size="lg">
        {adding && (
          <AddForce
            op={op}
            onDone={(o) => {
              set(o);
              setAdding(false);
            }}
          />
        )}
      </Modal>
      <Modal opened={ending} onClose={() => setEnding(false)} title={t("operations.end")} size="lg">
        <Stack>
          <Textarea
            label={t("operations.outcome")}
            value={outcome}
            onChange={(e) => setOutcome(e.currentTarget.value)}
            autosize
            minRows={3}
            data-testid="operation-outcome"
          />
          <Textarea
            label={t("operations.lessons")}
            value={lessons}
            onChange={(e) => setLessons(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button
              color="gray"
              data-testid="operation-end-confirm"
              onClick={() => {
                setEnding(false);
                void run(api("POST", `/api/operations/${id}/end`, { version: op.version, outcome, lessons }));
              }}
            >
              {t("operations.end")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
