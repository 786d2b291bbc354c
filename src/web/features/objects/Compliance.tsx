/**
 * The compliance dashboard (R10.5): per unit below the chosen territory — share with a valid passport,
 * open equipment gaps, overdue orders, programme execution; a chart; drill-down by clicking a row; XLSX.
 */
import { Button, Card, Group, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { qs } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";
import i18n from "../../i18n";
import { useCompliance } from "./api";

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);

export function Compliance() {
  const { t } = useTranslation();
  const [trail, setTrail] = useState<string[]>([]);
  const territory = trail.at(-1);
  const q = useCompliance(territory);
  const d = q.data;
  return (
    <>
      <ErrorAlert error={q.error} />
      {d && (
        <>
          <Group justify="space-between">
            <Title order={4}>{nameOf(d.territory.names)}</Title>
            <Group>
              {trail.length > 0 && (
                <Button variant="default" onClick={() => setTrail(trail.slice(0, -1))}>
                  {t("objects.compliance.up")}
                </Button>
              )}
              <Button
                component="a"
                variant="default"
                href={`/api/objects/compliance.xlsx${qs({ territory: d.territory.code, lang: i18n.language })}`}
              >
                XLSX
              </Button>
            </Group>
          </Group>
          <Card withBorder>
            {/* Bars across, one row per territory with its name on one line (rotated names overlapped). */}
            <div style={{ width: "100%", height: 80 + d.rows.length * 34 }} data-testid="compliance-chart">
              <ResponsiveContainer>
                <BarChart
                  layout="vertical"
                  margin={{ left: 8, right: 16 }}
                  data={d.rows.map((r) => ({
                    name: nameOf(r.territory.names),
                    valid: r.validShare === null ? 0 : Math.round(r.validShare * 100),
                    done: r.itemsPlanned ? Math.round((100 * r.itemsDone) / r.itemsPlanned) : 0,
                  }))}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" domain={[0, 100]} unit="%" />
                  <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 11 }} interval={0} />
                  <Tooltip />
                  <Legend />
                  <Bar
                    dataKey="valid"
                    name={t("objects.compliance.validShare")}
                    fill="#2f9e44"
                    isAnimationActive={false}
                  />
                  <Bar
                    dataKey="done"
                    name={t("objects.compliance.itemsDone")}
                    fill="#1c7ed6"
                    isAnimationActive={false}
                  />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
          <Table striped highlightOnHover data-testid="compliance-table">
            <Table.Thead>
              <Table.Tr>
                {[
                  "territory",
                  "objects",
                  "validShare",
                  "openGaps",
                  "overdueOrders",
                  "programmePlanned",
                  "programmeSpent",
                  "itemsDone",
                ].map((c) => (
                  <Table.Th key={c}>{t(`objects.compliance.${c}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.rows.map((r) => (
                <Row
                  key={r.territory.code}
                  r={r}
                  onOpen={
                    r.territory.code !== d.territory.code
                      ? () => setTrail([...trail, r.territory.code])
                      : undefined
                  }
                />
              ))}
              <Row r={d.total} label={t("objects.compliance.total")} />
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}

type ComplianceRow = NonNullable<ReturnType<typeof useCompliance>["data"]>["total"];

function Row({ r, onOpen, label }: { r: ComplianceRow; onOpen?: () => void; label?: string }) {
  return (
    <Table.Tr
      style={{ cursor: onOpen ? "pointer" : undefined, fontWeight: label ? 700 : undefined }}
      onClick={onOpen}
      data-testid="compliance-row"
    >
      <Table.Td>{label ?? nameOf(r.territory.names)}</Table.Td>
      <Table.Td>{r.objects}</Table.Td>
      <Table.Td>{pct(r.validShare)}</Table.Td>
      <Table.Td>{r.openGaps}</Table.Td>
      <Table.Td>
        <Text c={r.overdueOrders ? "red" : undefined} size="sm">
          {r.overdueOrders}
        </Text>
      </Table.Td>
      <Table.Td>{r.programmePlanned.toLocaleString("ru-RU")}</Table.Td>
      <Table.Td>{r.programmeSpent.toLocaleString("ru-RU")}</Table.Td>
      <Table.Td>
        {r.itemsDone}/{r.itemsPlanned}
      </Table.Td>
    </Table.Tr>
  );
}
