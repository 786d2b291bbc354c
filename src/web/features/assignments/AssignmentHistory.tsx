/** An assignment's history: every step with who, when, the status it led to and what was given. */
import { Stack, Text, Timeline } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { AssignmentDetail } from "../../api/types";
import { IndicatorValues } from "../../components/Indicators";
import { PersonName } from "../../components/PersonName";
import { formatDateTime } from "../../format";

type EventRecord = NonNullable<AssignmentDetail["history"][number]["data"]>;

export function AssignmentHistory({ history }: { history: AssignmentDetail["history"] }) {
  const { t } = useTranslation();
  return (
    <Timeline bulletSize={14} data-testid="assignment-history">
      {history.map((h) => (
        <Timeline.Item key={`${h.at}-${h.action}-${h.toStatus}`} title={t(`assignmentEvent.${h.action}`)}>
          <Text size="xs" c="dimmed">
            {formatDateTime(h.at)} · <PersonName person={h.actor} storedName={h.actorName} /> ·{" "}
            {t(`assignmentStatus.${h.toStatus}`)}
          </Text>
          {h.comment && <Text size="sm">{h.comment}</Text>}
          {h.data && <EventData data={h.data} />}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function EventData({ data }: { data: EventRecord }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <IndicatorValues figures={data.figures ?? {}} />
      {data.actNumber && (
        <Text size="xs">
          {t("assignments.actNumber")}: {data.actNumber} {data.actDate ?? ""}
        </Text>
      )}
      {data.requestedDeadline !== undefined && (
        <Text size="xs">
          {t("assignments.newDeadline")}: {data.requestedDeadline}
        </Text>
      )}
      {data.to !== undefined && data.from !== undefined && (
        <Text size="xs">
          {data.from} → {data.to}
        </Text>
      )}
    </Stack>
  );
}
