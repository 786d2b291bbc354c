/**
 * Roll-up dashboard (issue #4 §5): execution of the approved plans by category, by quarter and by
 * territory (a region map at the national level), which commissions reported late or not at all,
 * overdue assignments by body; every figure drills down to its records; every table exports to XLSX.
 * Charts: recharts (loaded with this page only).
 */
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
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DashboardView } from "../../domain/contracts/prevention";
import { get, qs } from "../api";
import { Basis } from "../components/Basis";
import { BoundaryMap, type FeatureCollection } from "../components/BoundaryMap";
import { ErrorAlert } from "../components/ErrorAlert";
import { formatDateTime, nameOf } from "../format";
import { Link, navigate, useLocation } from "../router";
import { PreventionTabs } from "./PreventionTabs";

const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);

type Drill = { category?: string; subtype?: string; outcome?: string; territory?: string; title: string };

type Records = {
  total: number;
  items: {
    measureId: string;
    planId: string;
    commission: { names: { kk: string; ru: string; en: string } };
    category: string;
    subtype: string;
    title: string;
    responsibleBody: { names: { kk: string; ru: string; en: string } };
    outcome: string;
    reportedAt: string | null;
  }[];
};

function RecordsModal({
  base,
  drill,
  onClose,
}: {
  base: Record<string, string | number>;
  drill: Drill;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["dashboard-records", base, drill],
    queryFn: () =>
      get<Records>(
        `/api/prevention/dashboard/records${qs({
          ...base,
          territory: drill.territory ?? base.territory,
          category: drill.category,
          subtype: drill.subtype,
          outcome: drill.outcome,
          limit: 200,
        })}`,
      ),
  });
  return (
    <Modal opened onClose={onClose} size="xl" title={`${t("dashboard.records")}: ${drill.title}`}>
      {q.isPending && <Loader />}
      <ErrorAlert error={q.error} />
      {q.data && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t("assignments.total", { count: q.data.total })}
          </Text>
          <Table striped data-testid="records-table">
            <Table.Tbody>
              {q.data.items.map((r) => (
                <Table.Tr key={r.measureId} data-testid="record-row">
                  <Table.Td>
                    <Link to={`/prevention/plans/${r.planId}`}>{nameOf(r.commission.names)}</Link>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.title}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`measureSubtype.${r.subtype}`)} · {nameOf(r.responsibleBody.names)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      color={r.outcome === "done" ? "green" : r.outcome === "missing" ? "red" : "yellow"}
                      variant="light"
                    >
                      {t(`measureOutcome.${r.outcome}`)}
                    </Badge>
                    {r.reportedAt && (
                      <Text size="xs" c="dimmed">
                        {formatDateTime(r.reportedAt)}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Modal>
  );
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const now = new Date();
  const [year, setYear] = useState(Number(search.get("year")) || now.getFullYear());
  const [quarter, setQuarter] = useState(search.get("quarter") ?? "");
  const territory = search.get("territory") ?? "";
  const [drill, setDrill] = useState<Drill | null>(null);
  const params = { year, quarter, territory };
  const q = useQuery({
    queryKey: ["dashboard", params],
    queryFn: () => get<DashboardView>(`/api/prevention/dashboard${qs(params)}`),
  });
  const regions = useQuery({
    queryKey: ["geo", "regions"],
    queryFn: () => get<FeatureCollection>("/api/geo/regions"),
    staleTime: Infinity,
  });
  const go = (code: string) => navigate(`/prevention/dashboard${qs({ year, quarter, territory: code })}`);
  const d = q.data;
  const base: Record<string, string | number> = d
    ? { year: d.year, quarter: d.quarter, territory: d.territory.code }
    : {};
  const num = (n: number, dd: Drill) =>
    n > 0 ? (
      <Anchor component="button" onClick={() => setDrill(dd)} data-testid="drill">
        {n}
      </Anchor>
    ) : (
      0
    );
  return (
    <Stack maw={1200}>
      <PreventionTabs active="dashboard" />
      <Title order={2}>{t("dashboard.title")}</Title>
      <Basis ids={d?.basis ?? ["R5"]} />
      <Text size="sm" c="dimmed">
        {t("dashboard.intro")}
      </Text>
      <Group align="flex-end">
        <NativeSelect
          label={t("dashboard.year")}
          value={String(year)}
          onChange={(e) => setYear(Number(e.currentTarget.value))}
          data={[-2, -1, 0, 1].map((x) => String(now.getFullYear() + x))}
          data-testid="dashboard-year"
        />
        <NativeSelect
          label={t("dashboard.quarter")}
          value={quarter || String(d?.quarter ?? "")}
          onChange={(e) => setQuarter(e.currentTarget.value)}
          data={["1", "2", "3", "4"].map((x) => ({ value: x, label: `Q${x}` }))}
          data-testid="dashboard-quarter"
        />
        {d?.parent && (
          <Button variant="subtle" onClick={() => go(d.parent!.code)} data-testid="dashboard-up">
            {t("dashboard.up", { name: nameOf(d.parent.names) })}
          </Button>
        )}
        {d && (
          <Button
            component="a"
            variant="light"
            href={`/api/prevention/dashboard.xlsx${qs(base)}`}
            data-testid="dashboard-xlsx"
          >
            {t("dashboard.exportXlsx")}
          </Button>
        )}
      </Group>
      {q.isPending && <Loader />}
      <ErrorAlert error={q.error} />
      {d && (
        <>
          <Title order={3} data-testid="dashboard-territory">
            {nameOf(d.territory.names)} · {d.year} · Q{d.quarter}
          </Title>
          <SimpleGrid cols={{ base: 2, md: 5 }}>
            {(
              [
                ["expected", d.totals.expected, undefined],
                ["done", d.totals.done, "done"],
                ["partial", d.totals.partial, "partial"],
                ["notDone", d.totals.notDone, "not_done"],
                [
                  "missing",
                  Math.max(0, d.totals.expected - d.totals.done - d.totals.partial - d.totals.notDone),
                  "missing",
                ],
              ] as const
            ).map(([k, v, outcome]) => (
              <Card withBorder key={k} data-testid={`total-${k}`}>
                <Text size="xs" c="dimmed">
                  {t(`dashboard.${k}`)}
                </Text>
                <Text size="xl" fw={700}>
                  {num(v, { outcome, title: t(`dashboard.${k}`) })}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Text data-testid="total-rate">
            {t("dashboard.rate")}: <b>{pct(d.totals.rate)}</b>
          </Text>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Text fw={600}>{t("dashboard.byCategory")}</Text>
              <div style={{ width: "100%", height: 260 }} data-testid="chart-category">
                <ResponsiveContainer>
                  <BarChart
                    data={d.byCategory.map((c) => ({
                      name: t(`measureCategory.${c.category}`),
                      rate: c.rate === null ? 0 : Math.round(c.rate * 100),
                    }))}
                  >
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="name" tick={{ fontSize: 10 }} interval={0} angle={-15} height={50} />
                    <YAxis domain={[0, 100]} unit="%" />
                    <Tooltip />
                    <Bar dataKey="rate" name={t("dashboard.rate")} fill="#2f9e44" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </Card>
            <Card withBorder>
              <Text fw={600}>{t("dashboard.trend")}</Text>
              <div style={{ width: "100%", height: 260 }} data-testid="chart-trend">
                <ResponsiveContainer>
                  <LineChart
                    data={d.trend.map((x) => ({
                      name: `Q${x.quarter}`,
                      rate: x.rate === null ? null : Math.round(x.rate * 100),
                      expected: x.expected,
                    }))}
                  >
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="name" />
                    <YAxis yAxisId="r" domain={[0, 100]} unit="%" />
                    <YAxis yAxisId="n" orientation="right" />
                    <Tooltip />
                    <Legend />
                    <Line
                      yAxisId="r"
                      dataKey="rate"
                      name={t("dashboard.rate")}
                      stroke="#2f9e44"
                      isAnimationActive={false}
                    />
                    <Line
                      yAxisId="n"
                      dataKey="expected"
                      name={t("dashboard.expected")}
                      stroke="#1c7ed6"
                      isAnimationActive={false}
                    />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            </Card>
          </SimpleGrid>

          <Table striped data-testid="category-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("dashboard.bySubtype")}</Table.Th>
                <Table.Th>{t("dashboard.expected")}</Table.Th>
                <Table.Th>{t("dashboard.done")}</Table.Th>
                <Table.Th>{t("dashboard.partial")}</Table.Th>
                <Table.Th>{t("dashboard.rate")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.bySubtype.map((s) => (
                <Table.Tr key={`${s.category}/${s.subtype}`}>
                  <Table.Td>
                    {t(`measureSubtype.${s.subtype}`)}{" "}
                    <Text span size="xs" c="dimmed">
                      ({s.basis})
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {num(s.expected, {
                      category: s.category,
                      subtype: s.subtype,
                      title: t(`measureSubtype.${s.subtype}`),
                    })}
                  </Table.Td>
                  <Table.Td>
                    {num(s.done, {
                      category: s.category,
                      subtype: s.subtype,
                      outcome: "done",
                      title: t(`measureSubtype.${s.subtype}`),
                    })}
                  </Table.Td>
                  <Table.Td>{s.partial}</Table.Td>
                  <Table.Td>{pct(s.rate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>

          {d.byTerritory.length > 0 && (
            <SimpleGrid cols={{ base: 1, md: d.territory.code === "KZ" ? 2 : 1 }}>
              {d.territory.code === "KZ" && regions.data && (
                <Stack gap={4}>
                  <Text fw={600}>{t("dashboard.map")}</Text>
                  <BoundaryMap
                    regions={regions.data}
                    values={Object.fromEntries(
                      d.byTerritory.map((x) => [x.code, x.rate === null ? 0 : Math.round(x.rate * 100)]),
                    )}
                    onSelect={(p) => go(p.kato)}
                    height={340}
                    testId="dashboard-map"
                  />
                  <Text size="xs" c="dimmed">
                    {t("map.attribution")}
                  </Text>
                </Stack>
              )}
              <Table striped data-testid="territory-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("dashboard.territory")}</Table.Th>
                    <Table.Th>{t("dashboard.expected")}</Table.Th>
                    <Table.Th>{t("dashboard.rate")}</Table.Th>
                    <Table.Th>{t("reportingState.late")}</Table.Th>
                    <Table.Th>{t("reportingState.missing")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.byTerritory.map((x) => (
                    <Table.Tr key={x.code} data-testid="territory-row">
                      <Table.Td>
                        <Anchor component="button" onClick={() => go(x.code)}>
                          {nameOf(x.names)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{num(x.expected, { territory: x.code, title: nameOf(x.names) })}</Table.Td>
                      <Table.Td>{pct(x.rate)}</Table.Td>
                      <Table.Td>{x.late > 0 ? <Badge color="orange">{x.late}</Badge> : 0}</Table.Td>
                      <Table.Td>{x.missing > 0 ? <Badge color="red">{x.missing}</Badge> : 0}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </SimpleGrid>
          )}

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Stack gap={4}>
              <Text fw={600}>{t("dashboard.commissions")}</Text>
              <Table striped data-testid="commissions-table">
                <Table.Tbody>
                  {d.commissions
                    .filter((c) => c.state !== "on_time" || d.commissions.length <= 30)
                    .map((c) => (
                      <Table.Tr key={c.body.id} data-testid="commission-row">
                        <Table.Td>
                          {c.planId ? (
                            <Link to={`/prevention/plans/${c.planId}`}>{nameOf(c.body.names)}</Link>
                          ) : (
                            nameOf(c.body.names)
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge
                            color={
                              c.state === "on_time"
                                ? "green"
                                : c.state === "late"
                                  ? "orange"
                                  : c.state === "missing"
                                    ? "red"
                                    : "gray"
                            }
                            variant="light"
                          >
                            {t(`reportingState.${c.state}`)}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Stack>
            <Stack gap={4}>
              <Text fw={600}>{t("dashboard.overdueByBody")}</Text>
              {d.overdueByBody.length > 0 && (
                <div
                  style={{ width: "100%", height: Math.max(120, d.overdueByBody.length * 28) }}
                  data-testid="chart-overdue"
                >
                  <ResponsiveContainer>
                    <BarChart
                      layout="vertical"
                      data={d.overdueByBody.map((o) => ({
                        name: nameOf(o.body.names),
                        overdue: o.overdue,
                        id: o.body.id,
                      }))}
                    >
                      <XAxis type="number" allowDecimals={false} />
                      <YAxis type="category" dataKey="name" width={200} tick={{ fontSize: 10 }} />
                      <Tooltip />
                      <Bar
                        dataKey="overdue"
                        name={t("assignments.overdue")}
                        fill="#e03131"
                        isAnimationActive={false}
                        onClick={(e: { payload?: { id: string } }) =>
                          e.payload &&
                          navigate(`/prevention/assignments?scope=all&status=overdue&bodyId=${e.payload.id}`)
                        }
                      />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
              )}
              <Table striped data-testid="overdue-table">
                <Table.Tbody>
                  {d.overdueByBody.map((o) => (
                    <Table.Tr key={o.body.id}>
                      <Table.Td>{nameOf(o.body.names)}</Table.Td>
                      <Table.Td>
                        <Link to={`/prevention/assignments?scope=all&status=overdue&bodyId=${o.body.id}`}>
                          <Badge color="red">{o.overdue}</Badge>
                        </Link>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          </SimpleGrid>
          {drill && <RecordsModal base={base} drill={drill} onClose={() => setDrill(null)} />}
        </>
      )}
    </Stack>
  );
}
