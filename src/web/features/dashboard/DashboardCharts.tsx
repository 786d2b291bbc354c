/** The dashboard's charts (recharts, loaded with this page only): rates by category and by quarter, overdue by body. */
import { Card, SimpleGrid, Text } from "@mantine/core";
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
import type { DashboardView } from "../../api/types";
import { nameOf } from "../../format";
import { navigate } from "../../router";
import { NoData } from "./DashboardTables";
import { overdueLink } from "./DrillDown";

/** Execution rate by category of measures, and the rate and the number expected per quarter. */
export function RateCharts({ d }: { d: DashboardView }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder>
        <Text fw={600}>{t("dashboard.byCategory")}</Text>
        {d.byCategory.some((c) => c.expected > 0) ? (
          <div style={{ width: "100%", height: 260 }} data-testid="chart-category">
            <ResponsiveContainer>
              {/* Bars across, the categories' names beside them on one line each (rotated names overlapped). */}
              <BarChart
                layout="vertical"
                margin={{ left: 8, right: 16 }}
                data={d.byCategory.map((c) => ({
                  name: t(`measureCategory.${c.category}`),
                  rate: c.rate === null ? 0 : Math.round(c.rate * 100),
                }))}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" domain={[0, 100]} unit="%" />
                <YAxis type="category" dataKey="name" width={160} tick={{ fontSize: 11 }} interval={0} />
                <Tooltip />
                <Bar dataKey="rate" name={t("dashboard.rate")} fill="#2f9e44" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        ) : (
          <NoData />
        )}
      </Card>
      <Card withBorder>
        <Text fw={600}>{t("dashboard.trend")}</Text>
        {d.trend.some((x) => x.expected > 0) ? (
          <div style={{ width: "100%", height: 260 }} data-testid="chart-trend">
            <ResponsiveContainer>
              <LineChart
                data={d.trend.map((x) => ({
                  name: t("plans.quarterN", { n: x.quarter }),
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
        ) : (
          <NoData />
        )}
      </Card>
    </SimpleGrid>
  );
}

/** Bodies shown in the overdue chart: the most overdue; the table below pages through all. */
const CHART_BODIES = 10;

/** Overdue assignments per body as bars (the most overdue); a bar opens that body's overdue assignments. */
export function OverdueChart({ overdue: all }: { overdue: DashboardView["overdueByBody"] }) {
  const { t } = useTranslation();
  const overdue = [...all].sort((a, b) => b.overdue - a.overdue).slice(0, CHART_BODIES);
  return (
    // Room for a two-line name per bar, and every name drawn (recharts drops ticks it finds crowded).
    <div style={{ width: "100%", height: 40 + overdue.length * 36 }} data-testid="chart-overdue">
      <ResponsiveContainer>
        <BarChart
          layout="vertical"
          data={overdue.map((o) => ({
            name: nameOf(o.body.names),
            overdue: o.overdue,
            id: o.body.id,
          }))}
        >
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={200} tick={{ fontSize: 10 }} interval={0} />
          <Tooltip />
          <Bar
            dataKey="overdue"
            name={t("assignments.overdue")}
            fill="#e03131"
            isAnimationActive={false}
            onClick={(e: { payload?: { id: string } }) => e.payload && navigate(overdueLink(e.payload.id))}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
