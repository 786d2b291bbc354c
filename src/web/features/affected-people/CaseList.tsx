/**
 * The cases (incidents) with the people affected (R20, R21): counts by status and help for everyone
 * whose territory they lie in — never a name; "Open" only for those who may handle the persons.
 */
import { Badge, Button, Group, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatMinute } from "../../format";
import type { CaseSummary, Counts } from "./types";

export function CountBadges({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  const shown = (["hospitalised", "injured", "missing", "deceased", "evacuated"] as const).filter(
    (s) => counts.byStatus[s] > 0,
  );
  return (
    <Group gap={4} data-testid="case-counts">
      <Badge variant="outline">{t("affectedPeople.total", { n: counts.total })}</Badge>
      {shown.map((s) => (
        <Badge
          key={s}
          variant="light"
          color={s === "deceased" ? "dark" : s === "missing" ? "orange" : "blue"}
        >
          {t(`affectedPeople.status.${s}`)}: {counts.byStatus[s]}
        </Badge>
      ))}
    </Group>
  );
}

export function CaseList({
  items,
  onOpen,
  onAccess,
}: {
  items: CaseSummary[];
  onOpen: (c: CaseSummary) => void;
  /** The access-grant screen of a case, for those who may give access (`canGrant`). */
  onAccess?: (c: CaseSummary) => void;
}) {
  const { t } = useTranslation();
  if (!items.length) return <Text c="dimmed">{t("affectedPeople.noCases")}</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table data-testid="affected-cases" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("affectedPeople.case")}</Table.Th>
            <Table.Th>{t("affectedPeople.occurredAt")}</Table.Th>
            <Table.Th>{t("affectedPeople.counts")}</Table.Th>
            <Table.Th>{t("affectedPeople.help")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.incidentId} data-testid="affected-case" data-incident={c.incidentId}>
              <Table.Td>
                {c.regNumber} · {t(`incidentType.${c.type}`, { defaultValue: c.type })}
              </Table.Td>
              <Table.Td>{formatMinute(c.occurredAt)}</Table.Td>
              <Table.Td>
                <CountBadges counts={c.counts} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {(["emergency_medical", "medical_psychological", "legal", "social"] as const)
                    .map((h) => `${t(`affectedPeople.helpType.${h}`)}: ${c.counts.byHelp[h]}`)
                    .join(" · ")}
                </Text>
              </Table.Td>
              <Table.Td>
                {/* The cell is as wide as its buttons: a squeezed button clips its label. */}
                <Group gap={4} wrap="nowrap" miw="max-content">
                  {c.canHandle ? (
                    <Button size="xs" onClick={() => onOpen(c)} data-testid="open-case">
                      {t("affectedPeople.open")}
                      {c.pendingMatches > 0
                        ? ` (${t("affectedPeople.toReview", { n: c.pendingMatches })})`
                        : ""}
                    </Button>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {t("affectedPeople.countsOnly")}
                    </Text>
                  )}
                  {c.canGrant && onAccess && (
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => onAccess(c)}
                      data-testid="case-access-open"
                    >
                      {t("affectedPeople.access.open")}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
