/**
 * The counter-terrorist operation a report was taken into, linked by its title (R16–R18). Shown only
 * when the reader may open the operation: its page answers 404 to others (a reporter, R14), and then
 * nothing is shown rather than a dead link.
 */
import { Anchor } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { Field } from "../../components/Field";
import { Link } from "../../router";

export function OperationLink({ operationId }: { operationId: string | null }) {
  const { t } = useTranslation();
  const op = useQuery({
    queryKey: ["operation-of-report", operationId],
    enabled: !!operationId,
    retry: false,
    queryFn: async () =>
      (await api.GET("/api/operations/{id}", { params: { path: { id: operationId! } } })).data ?? null,
  });
  if (!operationId || !op.data) return null;
  return (
    <Field
      label={t("response.operationOfReport")}
      value={
        <Anchor component={Link} to={`/operations/${operationId}`} data-testid="incident-operation">
          {op.data.title}
        </Anchor>
      }
    />
  );
}
