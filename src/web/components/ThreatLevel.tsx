/**
 * The terrorist threat level on every signed-in page (Decree No. 611): a badge in the header with the
 * level in force at the user's territory, kept live by Server-Sent Events (/api/events/threat-levels),
 * and a banner on whatever page is open when the level there is raised.
 */
import { Alert, Badge, Tooltip, VisuallyHidden } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LEVEL_RANK, LEVEL_SWATCH, type ThreatLevel } from "../../domain/threat-levels";
import { api, ok } from "../api/client";
import type { TerritoryLevelView } from "../api/types";
import { nameOf } from "../format";
import { Link } from "../router";

export const MY_LEVELS_KEY = ["threat-levels", "mine"] as const;

/** Level names are long ("критический («красный»)"): never cut, never upper-cased. */
const WHOLE_LABEL = { label: { overflow: "visible", whiteSpace: "normal" as const } };
const rootStyle = (extra: object = {}) => ({
  textTransform: "none" as const,
  height: "auto",
  maxWidth: "none",
  flexShrink: 0,
  ...extra,
});

/** The level's name on its colour (contrast ≥ 4.5:1); "none" in outline. */
export function ThreatLevelBadge({
  level,
  testId,
  size = "md",
}: {
  level: ThreatLevel | null;
  testId?: string;
  size?: "xs" | "sm" | "md" | "lg";
}) {
  const { t } = useTranslation();
  if (!level)
    return (
      <Badge
        variant="outline"
        color="gray.7"
        size={size}
        data-testid={testId}
        data-level="none"
        styles={{ root: rootStyle(), ...WHOLE_LABEL }}
      >
        {t("threat.noLevel")}
      </Badge>
    );
  const s = LEVEL_SWATCH[level];
  return (
    <Badge
      size={size}
      data-testid={testId}
      data-level={level}
      styles={{ root: rootStyle({ background: s.fill, color: s.text }), ...WHOLE_LABEL }}
    >
      {t(`threatLevel.${level}`)}
    </Badge>
  );
}

export function useMyThreatLevels() {
  return useQuery({
    queryKey: MY_LEVELS_KEY,
    queryFn: () => ok(api.GET("/api/threat-levels/mine")),
    staleTime: 60_000,
  });
}

/** The badge in the header: the level at the user's (first) territory, or the strongest in parts of it. */
export function ThreatLevelChip() {
  const { t } = useTranslation();
  const mine = useMyThreatLevels();
  const first = mine.data?.items[0];
  if (!first) return null;
  const label = t("threat.headerLabel", { territory: nameOf(first.territory.names) });
  return (
    <Tooltip label={label}>
      <Link to="/threat" style={{ textDecoration: "none" }} data-testid="threat-header">
        {/* the territory is read out before the level: the accessible name contains the visible text */}
        <VisuallyHidden>{label} </VisuallyHidden>
        {first.level || !first.highestWithin ? (
          <ThreatLevelBadge level={first.level} size="sm" testId="threat-header-level" />
        ) : (
          <Badge
            variant="outline"
            color="orange"
            size="sm"
            data-testid="threat-header-level"
            data-level="parts"
            styles={{ root: rootStyle(), ...WHOLE_LABEL }}
          >
            {t("threat.inParts", { level: t(`threatLevel.${first.highestWithin}`) })}
          </Badge>
        )}
      </Link>
    </Tooltip>
  );
}

type Raised = { territory: TerritoryLevelView["territory"]; level: ThreatLevel };

/**
 * Listens for threat-level events (refreshing every threat-level query) and shows a banner when the
 * level at one of the user's territories goes up. Mounted once in the shell, above every page.
 */
export function ThreatLevelLive() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = useMyThreatLevels();
  const previous = useRef<Map<string, number> | null>(null);
  const [raised, setRaised] = useState<Raised | null>(null);

  useEffect(() => {
    const es = new EventSource("/api/events/threat-levels");
    const refresh = () => void qc.invalidateQueries({ queryKey: ["threat-levels"] });
    es.addEventListener("threat-level", refresh);
    // The server could not replay what was missed (too old): read everything again.
    es.addEventListener("reset", refresh);
    // After a lost connection what was said meanwhile was not heard: ask again once it is back.
    let opened = false;
    es.onopen = () => {
      if (opened) refresh();
      opened = true;
    };
    return () => es.close();
  }, [qc]);

  useEffect(() => {
    if (!mine.data) return;
    const now = new Map(mine.data.items.map((x) => [x.territory.code, x.level ? LEVEL_RANK[x.level] : 0]));
    if (previous.current) {
      const up = mine.data.items.find(
        (x) => x.level && LEVEL_RANK[x.level] > (previous.current!.get(x.territory.code) ?? 0),
      );
      if (up?.level) setRaised({ territory: up.territory, level: up.level });
    }
    previous.current = now;
  }, [mine.data]);

  if (!raised) return null;
  const s = LEVEL_SWATCH[raised.level];
  return (
    <Alert
      role="alert"
      mb="md"
      withCloseButton
      closeButtonLabel={t("threat.dismiss")}
      onClose={() => setRaised(null)}
      data-testid="threat-banner"
      data-level={raised.level}
      styles={{ root: { background: s.fill, color: s.text }, message: { color: s.text } }}
    >
      {t("threat.bannerRaised", {
        territory: nameOf(raised.territory.names),
        level: t(`threatLevel.${raised.level}`),
      })}{" "}
      <Link to="/threat" style={{ color: s.text, fontWeight: 600 }}>
        {t("threat.title")}
      </Link>
    </Alert>
  );
}
