/** An assignment's status, and a red "overdue" beside it when its deadline has passed. */
import { Badge, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { AssignmentView } from "../../api/types";

export function StatusBadge({ a }: { a: Pick<AssignmentView, "status" | "overdue"> }) {
  const { t } = useTranslation();
  const color =
    a.status === "done_on_time"
      ? "green"
      : a.status === "done_late"
        ? "orange"
        : a.status === "reported"
          ? "blue"
          : "gray";
  return (
    <Group gap={4}>
      <Badge color={color} variant="light" data-testid="assignment-status">
        {t(`assignmentStatus.${a.status}`)}
      </Badge>
      {a.overdue && (
        <Badge color="red" variant="filled" data-testid="overdue-badge">
          {t("assignments.overdue")}
        </Badge>
      )}
    </Group>
  );
}
