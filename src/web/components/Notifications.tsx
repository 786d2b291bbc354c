/** In-app notifications (R5 control): new assignments, the other side's steps, reminders, overdue, escalation. */
import { Button, Indicator, Popover, ScrollArea, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { NotificationKind } from "../../domain/prevention";
import { api, ok } from "../api/client";
import { formatDateTime } from "../format";
import { Link } from "../router";

const URGENT: readonly NotificationKind[] = [
  "deadline_passed",
  "escalated",
  "returned",
  "consequence_task_overdue",
  "object_passport_expired",
];

/** Where a notice leads: the record it is about (assignments; consequence activations and plans, R21). */
function linkOf(n: { entityType: string; entityId: string }): string {
  if (n.entityType === "consequence_activation") return `/consequences/activations/${n.entityId}`;
  if (n.entityType === "consequence_plan") return `/consequences/plans/${n.entityId}`;
  if (n.entityType === "vulnerable_object") return `/objects/${n.entityId}`;
  if (n.entityType === "incident") return `/response/${n.entityId}`;
  return `/prevention/assignments/${n.entityId}`;
}

export function NotificationBell() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["notifications"],
    queryFn: () => ok(api.GET("/api/notifications")),
    refetchInterval: 60_000,
  });
  const unread = q.data?.unread ?? 0;
  return (
    <Popover
      width={360}
      position="bottom-end"
      onOpen={() => {
        if (unread > 0)
          void ok(api.POST("/api/notifications/read")).then(() =>
            qc.invalidateQueries({ queryKey: ["notifications"] }),
          );
      }}
    >
      {/* The button is the popover's target (its aria-expanded belongs on a button, not the indicator). */}
      <Indicator
        label={<span data-testid="notifications-unread">{unread}</span>}
        size={16}
        disabled={unread === 0}
        color="red"
      >
        <Popover.Target>
          <Button size="compact-sm" variant="subtle" data-testid="notifications">
            {t("notifications.title")}
          </Button>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={400}>
          <Stack gap="xs" data-testid="notifications-list">
            {q.data?.items.length === 0 && <Text size="sm">{t("notifications.none")}</Text>}
            {q.data?.items.map((n) => (
              <div key={n.id}>
                <Link to={linkOf(n)}>
                  <Text size="sm" fw={n.read ? 400 : 700} c={URGENT.includes(n.kind) ? "red" : undefined}>
                    {t(`notificationKind.${n.kind}`, {
                      number: n.data.number ?? "",
                      deadline: n.data.deadline ?? "",
                    })}
                  </Text>
                </Link>
                <Text size="xs" c="dimmed">
                  {formatDateTime(n.createdAt)}
                </Text>
              </div>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
