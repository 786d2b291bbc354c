/** Open waves on the board: one row per campaign with a live count, closed in one action. */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { closeReasons } from "../../domain/incidents";
import { api, ok } from "../api/client";
import type { CampaignView } from "../api/types";
import { formatDateTime } from "../format";
import { ErrorAlert } from "./ErrorAlert";

/** The reasons a person may give (a duplicate is closed by merging, not here). */
type CloseReason = (typeof closeReasons)[number];

function CampaignCard({
  c,
  canTriage,
  onClosed,
}: {
  c: CampaignView;
  canTriage: boolean;
  onClosed: (n: number) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState<CloseReason>("knowingly_false_report");
  const [comment, setComment] = useState("");
  const [error, setError] = useState<unknown>(null);
  const close = () =>
    ok(
      api.POST("/api/campaigns/{id}/close", { params: { path: { id: c.id } }, body: { reason, comment } }),
    ).then((r) => {
      onClosed(r.closed);
      void qc.invalidateQueries({ queryKey: ["campaigns"] });
      void qc.invalidateQueries({ queryKey: ["incidents"] });
    }, setError);
  return (
    <Card withBorder data-testid="campaign-row">
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Badge color="grape">{c.number}</Badge>
            <Text fw={600}>{t(`incidentType.${c.type}`)}</Text>
          </Group>
          <Text size="sm" data-testid="campaign-count">
            {t("campaigns.reports", { total: c.total, open: c.open, regions: c.regions })}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(c.createdAt)} → {formatDateTime(c.lastReportAt)}
          </Text>
          <Text size="sm" lineClamp={2} maw={700}>
            «{c.signature}»
          </Text>
        </div>
        {canTriage && c.open > 0 && (
          <Group align="flex-end">
            <NativeSelect
              size="xs"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value as CloseReason)}
              data={closeReasons.map((r) => ({ value: r, label: t(`closeReason.${r}`) }))}
              aria-label={t("response.reason")}
              data-testid="campaign-reason"
            />
            <TextInput
              size="xs"
              placeholder={t("response.comment")}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
            />
            <Button size="xs" color="grape" onClick={close} data-testid="campaign-close">
              {t("campaigns.close")}
            </Button>
          </Group>
        )}
      </Group>
      <ErrorAlert error={error} />
    </Card>
  );
}

export function Campaigns({ canTriage }: { canTriage: boolean }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["campaigns"],
    queryFn: () => ok(api.GET("/api/campaigns", { params: { query: { status: "open" } } })),
    refetchInterval: 15_000,
  });
  // The result outlives the card: a closed wave leaves the list of open ones.
  const [closed, setClosed] = useState<number | null>(null);
  const notice = closed !== null && (
    <Alert color="green" withCloseButton onClose={() => setClosed(null)} data-testid="campaign-closed">
      {t("campaigns.closed", { count: closed })}
    </Alert>
  );
  if (!q.data || q.data.items.length === 0) return notice || null;
  return (
    <Stack gap="xs" data-testid="campaigns">
      <Title order={3}>{t("campaigns.title")}</Title>
      {notice}
      {q.data.items.map((c) => (
        <CampaignCard key={c.id} c={c} canTriage={canTriage} onClosed={setClosed} />
      ))}
    </Stack>
  );
}
