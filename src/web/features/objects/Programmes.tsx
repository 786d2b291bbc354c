/** Target programmes (R10.5): by year, budget, what is planned and spent on equipping objects. */
import { Progress, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";
import { useProgrammes } from "./api";

const money = (n: number) => new Intl.NumberFormat("ru-RU").format(n);

export function Programmes() {
  const { t } = useTranslation();
  const q = useProgrammes();
  return (
    <>
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && <Text c="dimmed">{t("objects.programme.none")}</Text>}
      <Table striped data-testid="programmes-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("objects.programme.year")}</Table.Th>
            <Table.Th>{t("objects.programme.title")}</Table.Th>
            <Table.Th>{t("objects.territory")}</Table.Th>
            <Table.Th>{t("objects.programme.budget")}</Table.Th>
            <Table.Th>{t("objects.programme.planned")}</Table.Th>
            <Table.Th>{t("objects.programme.spent")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data?.items.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{p.year}</Table.Td>
              <Table.Td>{p.title}</Table.Td>
              <Table.Td>{nameOf(p.territory.names)}</Table.Td>
              <Table.Td>{money(p.budget)}</Table.Td>
              <Table.Td>{money(p.planned)}</Table.Td>
              <Table.Td>
                {money(p.spent)}
                <Progress value={p.planned ? (100 * p.spent) / p.planned : 0} size="xs" mt={4} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
