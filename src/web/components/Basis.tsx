/** The legal basis of a record: its R-ids, each linking to the paragraph on the Rules page. */
import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "../router";

export function Basis({
  ids,
  label = true,
  linked = true,
}: {
  ids: string[];
  label?: boolean;
  linked?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap" data-testid="legal-basis">
      {label && (
        <Text size="sm" c="dimmed">
          {t("common.legalBasis")}:
        </Text>
      )}
      {ids.map((id) => {
        const base = id.replace(/\..*$/, "");
        return (
          <Tooltip key={id} label={t(`rules.${base}.title`)}>
            {linked ? (
              <Badge component={Link} to={`/rules#${base}`} variant="light" style={{ cursor: "pointer" }}>
                {id}
              </Badge>
            ) : (
              <Badge variant="light">{id}</Badge>
            )}
          </Tooltip>
        );
      })}
    </Group>
  );
}
