/** An ended operation's outcome and lessons, and its summary as PDF or XLSX. */
import { Button, Card, Group, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { OperationDetail } from "../../api/types";
import { Field } from "../../components/Field";

export function OperationSummary({ op }: { op: OperationDetail }) {
  const { t, i18n } = useTranslation();
  return (
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
  );
}
