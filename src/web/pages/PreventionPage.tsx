/** Prevention (ch. 2): the commission's plans of measures (R5–R13) — list, create, fill, approve. */
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Modal,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PlanDetail } from "../../domain/contracts/prevention";
import type { BodySummary } from "../../domain/contracts/registry";
import {
  indicatorKinds,
  type MeasureCategory,
  measureCategories,
  measureOutcomes,
  measureSubtypes,
  periodicities,
} from "../../domain/prevention";
import { ApiError, api, get, qs } from "../api";
import { Basis } from "../components/Basis";
import { ErrorAlert } from "../components/ErrorAlert";
import { nameOf } from "../format";
import { Link, navigate } from "../router";
import { useMe } from "../session";
import { PlanXlsx } from "./PlanXlsx";
import { PreventionTabs } from "./PreventionTabs";

type PlanView = Omit<PlanDetail, "measures" | "canManage" | "basis">;

type Measure = PlanDetail["measures"][number];

/** Add a measure, or amend one (`initial`): the same form, POST or PUT. */
function AddMeasure({
  plan,
  initial,
  onDone,
}: {
  plan: PlanDetail;
  initial?: Measure;
  onDone: (p: PlanDetail) => void;
}) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<MeasureCategory>(initial?.category ?? "organisational");
  const [subtype, setSubtype] = useState(initial?.subtype ?? measureSubtypes.organisational[0].key);
  const [title, setTitle] = useState(initial?.title ?? "");
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q, 250);
  const [responsibleBodyId, setResponsible] = useState(initial?.responsibleBody.id ?? "");
  const [deadline, setDeadline] = useState(initial?.deadline ?? "");
  const [periodicity, setPeriodicity] = useState<string>(initial?.periodicity ?? "once");
  const [indicators, setIndicators] = useState<Record<string, number>>(initial?.indicators ?? {});
  const [error, setError] = useState<unknown>(null);
  const bodies = useQuery({
    queryKey: ["bodies", "plan-pick", debounced],
    queryFn: () => get<{ items: BodySummary[] }>(`/api/bodies${qs({ q: debounced, limit: 20 })}`),
    enabled: debounced.length >= 2,
  });
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);
  return (
    <Stack>
      <ErrorAlert error={error && !(error instanceof ApiError && error.body.fields) ? error : null} />
      <SimpleGrid cols={2}>
        <NativeSelect
          label={t("plans.category")}
          value={category}
          onChange={(e) => {
            const c = e.currentTarget.value as MeasureCategory;
            setCategory(c);
            setSubtype(measureSubtypes[c][0].key);
          }}
          data={measureCategories.map((c) => ({ value: c, label: t(`measureCategory.${c}`) }))}
          data-testid="measure-category"
        />
        <NativeSelect
          label={t("plans.subtype")}
          value={subtype}
          onChange={(e) => setSubtype(e.currentTarget.value)}
          data={measureSubtypes[category].map((s) => ({ value: s.key, label: t(`measureSubtype.${s.key}`) }))}
          error={fe("subtype")}
          data-testid="measure-subtype"
        />
      </SimpleGrid>
      <TextInput
        label={t("plans.measureTitle")}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={fe("title")}
        data-testid="measure-title"
      />
      <TextInput
        label={t("common.search")}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-testid="measure-body-search"
      />
      <NativeSelect
        label={t("plans.responsible")}
        value={responsibleBodyId}
        onChange={(e) => setResponsible(e.currentTarget.value)}
        data={[
          { value: "", label: "—" },
          ...(initial
            ? [{ value: initial.responsibleBody.id, label: nameOf(initial.responsibleBody.names) }]
            : []),
          ...(bodies.data?.items ?? [])
            .filter((b) => b.id !== initial?.responsibleBody.id)
            .map((b) => ({ value: b.id, label: nameOf(b.names) })),
        ]}
        error={fe("responsibleBodyId")}
        data-testid="measure-body"
      />
      <SimpleGrid cols={2}>
        <TextInput
          type="date"
          label={t("plans.deadline")}
          value={deadline}
          onChange={(e) => setDeadline(e.currentTarget.value)}
          error={fe("deadline")}
        />
        <NativeSelect
          label={t("plans.periodicity")}
          value={periodicity}
          onChange={(e) => setPeriodicity(e.currentTarget.value)}
          data={periodicities.map((p) => ({ value: p, label: t(`periodicity.${p}`) }))}
        />
      </SimpleGrid>
      <Text size="sm">{t("plans.indicators")}</Text>
      <SimpleGrid cols={4}>
        {indicatorKinds.map((k) => (
          <NumberInput
            key={k}
            label={t(`indicator.${k}`)}
            min={0}
            value={indicators[k] ?? ""}
            onChange={(v) => setIndicators((old) => ({ ...old, [k]: typeof v === "number" ? v : 0 }))}
          />
        ))}
      </SimpleGrid>
      <Group justify="flex-end">
        <Button
          disabled={!responsibleBodyId}
          data-testid="measure-save"
          onClick={() =>
            api<PlanDetail>(
              initial ? "PUT" : "POST",
              `/api/plans/${plan.id}/measures${initial ? `/${initial.id}` : ""}`,
              {
                category,
                subtype,
                title,
                responsibleBodyId,
                coExecutorIds: initial?.coExecutorIds ?? [],
                partnerIds: initial?.partnerIds ?? [],
                goals: initial?.goals ?? [],
                deadline: deadline || null,
                periodicity,
                indicators: Object.fromEntries(Object.entries(indicators).filter(([, v]) => v > 0)),
                ...(initial ? { version: initial.version } : {}),
              },
            ).then(onDone, setError)
          }
        >
          {t(initial ? "plans.editMeasure" : "plans.addMeasure")}
        </Button>
      </Group>
    </Stack>
  );
}

type MeasureReport = {
  id: string;
  measureId: string;
  quarter: number;
  outcome: string;
  figures: Record<string, number>;
  text: string;
};

/** Quarterly execution report on a measure (issue #4 §5): by its responsible body or the secretariat. */
function ReportMeasure({
  plan,
  measureId,
  onDone,
}: {
  plan: PlanDetail;
  measureId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [quarter, setQuarter] = useState(String(Math.floor(new Date().getMonth() / 3) + 1));
  const [outcome, setOutcome] = useState("done");
  const [text, setText] = useState("");
  const [figures, setFigures] = useState<Record<string, number>>({});
  const [error, setError] = useState<unknown>(null);
  const fe = (p: string) => (error instanceof ApiError ? error.fieldMessage(p) : undefined);
  return (
    <Stack>
      <SimpleGrid cols={2}>
        <NativeSelect
          label={t("plans.reportQuarter")}
          value={quarter}
          onChange={(e) => setQuarter(e.currentTarget.value)}
          data={["1", "2", "3", "4"].map((q) => ({ value: q, label: `Q${q}` }))}
          error={fe("quarter")}
          data-testid="report-quarter"
        />
        <NativeSelect
          label={t("plans.outcome")}
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value)}
          data={measureOutcomes.map((o) => ({ value: o, label: t(`measureOutcome.${o}`) }))}
          data-testid="report-outcome"
        />
      </SimpleGrid>
      <TextInput
        label={t("plans.reportText")}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="report-text"
      />
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
      <ErrorAlert error={error && !(error instanceof ApiError && error.body.fields) ? error : null} />
      <Group justify="flex-end">
        <Button
          data-testid="report-save"
          onClick={() =>
            api("POST", `/api/plans/${plan.id}/measures/${measureId}/reports`, {
              year: plan.year,
              quarter: Number(quarter),
              outcome,
              text,
              figures: Object.fromEntries(Object.entries(figures).filter(([, v]) => v > 0)),
            }).then(onDone, setError)
          }
        >
          {t("plans.report")}
        </Button>
      </Group>
    </Stack>
  );
}

export function PlanPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["plan", id], queryFn: () => get<PlanDetail>(`/api/plans/${id}`) });
  const [adding, setAdding] = useState(false);
  const [reporting, setReporting] = useState<string | null>(null);
  const [editing, setEditing] = useState<Measure | null>(null);
  const [measureError, setMeasureError] = useState<unknown>(null);
  const reports = useQuery({
    queryKey: ["plan-reports", id],
    queryFn: () => get<{ items: MeasureReport[] }>(`/api/plans/${id}/reports`),
  });
  const [decisionRef, setDecisionRef] = useState("");
  const [error, setError] = useState<unknown>(null);
  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const plan = q.data;
  const set = (p: PlanDetail) => {
    qc.setQueryData(["plan", id], p);
    void qc.invalidateQueries({ queryKey: ["plans"] });
  };
  return (
    <Stack maw={1100}>
      <Link to="/prevention">← {t("plans.title")}</Link>
      <Group justify="space-between">
        <div>
          <Title order={2} data-testid="plan-title">
            {nameOf(plan.body.names)} · {plan.year}
          </Title>
          <Badge color={plan.status === "approved" ? "green" : "gray"} data-testid="plan-status">
            {t(`plans.${plan.status}`)}
          </Badge>
          {plan.decisionRef && (
            <Text size="sm" c="dimmed">
              {plan.decisionRef}
            </Text>
          )}
        </div>
        {plan.canManage && (
          <Button onClick={() => setAdding(true)} data-testid="measure-add">
            {t("plans.addMeasure")}
          </Button>
        )}
      </Group>
      <Basis ids={plan.basis} />
      <PlanXlsx
        plan={plan}
        onImported={() => {
          void qc.invalidateQueries({ queryKey: ["plan", id] });
          void qc.invalidateQueries({ queryKey: ["plans"] });
        }}
      />
      <ErrorAlert error={measureError} />
      <Table striped data-testid="measures-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("plans.category")}</Table.Th>
            <Table.Th>{t("plans.measureTitle")}</Table.Th>
            <Table.Th>{t("plans.responsible")}</Table.Th>
            <Table.Th>{t("plans.deadline")}</Table.Th>
            <Table.Th>{t("plans.indicators")}</Table.Th>
            <Table.Th>{t("plans.reports")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.measures.map((m) => (
            <Table.Tr key={m.id} data-testid="measure-row">
              <Table.Td>
                <Text size="sm">{t(`measureCategory.${m.category}`)}</Text>
                <Text size="xs" c="dimmed">
                  {t(`measureSubtype.${m.subtype}`)}
                </Text>
                <Basis ids={[m.basis]} label={false} />
              </Table.Td>
              <Table.Td>
                {m.title}
                {plan.canManage && (
                  <Group gap={4}>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => setEditing(m)}
                      data-testid="measure-edit"
                    >
                      {t("plans.editMeasure")}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      data-testid="measure-remove"
                      onClick={() =>
                        api<PlanDetail>(
                          "DELETE",
                          `/api/plans/${id}/measures/${m.id}?version=${m.version}`,
                        ).then(set, setMeasureError)
                      }
                    >
                      {t("plans.removeMeasure")}
                    </Button>
                  </Group>
                )}
              </Table.Td>
              <Table.Td>{nameOf(m.responsibleBody.names)}</Table.Td>
              <Table.Td>
                {m.deadline ?? "—"}
                <Text size="xs" c="dimmed">
                  {t(`periodicity.${m.periodicity}`)}
                </Text>
              </Table.Td>
              <Table.Td>
                {Object.entries(m.indicators).map(([k, v]) => (
                  <Text key={k} size="xs">
                    {t(`indicator.${k}`)}: {v}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td>
                {(reports.data?.items ?? [])
                  .filter((r) => r.measureId === m.id)
                  .map((r) => (
                    <Badge
                      key={r.id}
                      size="xs"
                      variant="light"
                      color={r.outcome === "done" ? "green" : r.outcome === "partial" ? "yellow" : "red"}
                      data-testid="measure-report"
                    >
                      Q{r.quarter}: {t(`measureOutcome.${r.outcome}`)}
                    </Badge>
                  ))}
                {plan.status === "approved" && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => setReporting(m.id)}
                    data-testid="measure-report-open"
                  >
                    {t("plans.report")}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {plan.canManage && plan.status === "draft" && plan.measures.length > 0 && (
        <Card withBorder>
          <Group align="flex-end">
            <TextInput
              label={t("plans.decisionRef")}
              value={decisionRef}
              onChange={(e) => setDecisionRef(e.currentTarget.value)}
              w={360}
              data-testid="plan-decision"
            />
            <Button
              color="green"
              onClick={() =>
                api<PlanDetail>("POST", `/api/plans/${id}/approve`, {
                  version: plan.version,
                  decisionRef,
                }).then(set, setError)
              }
              data-testid="plan-approve"
            >
              {t("plans.approve")}
            </Button>
          </Group>
          <ErrorAlert error={error} />
        </Card>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={t("plans.editMeasure")}
        size="lg"
      >
        {editing && (
          <AddMeasure
            plan={plan}
            initial={editing}
            onDone={(p) => {
              set(p);
              setEditing(null);
            }}
          />
        )}
      </Modal>
      <Modal
        opened={reporting !== null}
        onClose={() => setReporting(null)}
        title={t("plans.report")}
        size="lg"
      >
        {reporting && (
          <ReportMeasure
            plan={plan}
            measureId={reporting}
            onDone={() => {
              setReporting(null);
              void qc.invalidateQueries({ queryKey: ["plan-reports", id] });
            }}
          />
        )}
      </Modal>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t("plans.addMeasure")} size="lg">
        {adding && (
          <AddMeasure
            plan={plan}
            onDone={(p) => {
              set(p);
              setAdding(false);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

export function PreventionPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const [year, setYear] = useState(new Date().getFullYear());
  const [copy, setCopy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const plans = useQuery({
    queryKey: ["plans", year],
    queryFn: () => get<{ items: PlanView[] }>(`/api/plans?year=${year}`),
  });
  const ownBodies = me.grants.filter((g) =>
    ["commission_secretary", "atc_coordinator", "administrator"].includes(g.role),
  );
  const [bodyId, setBodyId] = useState(ownBodies[0]?.bodyId ?? "");
  return (
    <Stack maw={1100}>
      <PreventionTabs active="plans" />
      <Title order={2}>{t("plans.title")}</Title>
      <Basis ids={["R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13"]} />
      <Text size="sm" c="dimmed">
        {t("plans.intro")}
      </Text>
      <Group align="flex-end">
        <NumberInput
          label={t("plans.year")}
          value={year}
          onChange={(v) => typeof v === "number" && setYear(v)}
          min={2000}
          max={2100}
          w={120}
          data-testid="plans-year"
        />
        {ownBodies.length > 0 && (
          <>
            <NativeSelect
              value={bodyId}
              onChange={(e) => setBodyId(e.currentTarget.value)}
              data={ownBodies.map((g) => ({ value: g.bodyId, label: nameOf(g.bodyName) }))}
            />
            <Checkbox
              label={t("plans.copyFrom")}
              checked={copy}
              onChange={(e) => setCopy(e.currentTarget.checked)}
            />
            <Button
              data-testid="plan-new"
              onClick={() =>
                api<PlanDetail>("POST", "/api/plans", {
                  bodyId,
                  year,
                  ...(copy ? { copyFromYear: year - 1 } : {}),
                }).then((p) => navigate(`/prevention/plans/${p.id}`), setError)
              }
            >
              {t("plans.new")}
            </Button>
          </>
        )}
      </Group>
      <ErrorAlert error={error} />
      {plans.data?.items.length === 0 && <Alert variant="light">{t("plans.none")}</Alert>}
      <Table data-testid="plans-table">
        <Table.Tbody>
          {plans.data?.items.map((p) => (
            <Table.Tr key={p.id} data-testid="plan-row">
              <Table.Td>
                <Link to={`/prevention/plans/${p.id}`}>{nameOf(p.body.names)}</Link>
              </Table.Td>
              <Table.Td>{p.year}</Table.Td>
              <Table.Td>
                <Badge color={p.status === "approved" ? "green" : "gray"}>{t(`plans.${p.status}`)}</Badge>
              </Table.Td>
              <Table.Td>{t("plans.measures", { count: p.measureCount })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
