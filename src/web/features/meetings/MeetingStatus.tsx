/** A meeting's state: planned, or held with its protocol number. */
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { MeetingView } from "../../api/types";

export function MeetingStatus({ m }: { m: MeetingView }) {
  const { t } = useTranslation();
  return m.status === "held" ? (
    <Badge color="green" data-testid="meeting-status">
      {t("meetings.protocolNo", { number: m.protocolNumber })}
    </Badge>
  ) : (
    <Badge color="gray" data-testid="meeting-status">
      {t("meetingStatus.planned")}
    </Badge>
  );
}
