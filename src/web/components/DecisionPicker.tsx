/**
 * Pick a signed protocol decision of a commission (or the ATC) (R5) by typing part of its number or
 * text: GET /api/decisions — only decisions of signed protocols the reader may read. Each shows as
 * "12/2.1 — text — date" (the protocol's signing date, Almaty). Reused wherever something is
 * "approved by the commission's protocol decision".
 */
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../api/client";
import type { Answer } from "../api/types";
import { ALMATY_TZ } from "../format";

export type DecisionChoice = Answer<"/api/decisions", "get">["items"][number];

/** dd.mm.yyyy in Almaty time. */
const day = (iso: string) =>
  new Intl.DateTimeFormat("ru-RU", {
    timeZone: ALMATY_TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));

const TEXT_CHARS = 90;

export function decisionLabel(d: DecisionChoice): string {
  const text = d.text.length > TEXT_CHARS ? `${d.text.slice(0, TEXT_CHARS - 1)}…` : d.text;
  return `${d.number} — ${text} — ${day(d.signedAt)}`;
}

type Props = {
  /** The commission (or ATC) whose signed protocols are offered. */
  bodyId: string;
  value: string | null;
  onChange: (decisionId: string | null, decision: DecisionChoice | null) => void;
  label?: string;
  description?: string;
  error?: string;
  testId?: string;
  w?: number | string;
};

export function DecisionPicker({ bodyId, value, onChange, label, description, error, testId, w }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  // The typed text is the chosen decision's label once picked: search the whole list then.
  const [picked, setPicked] = useState<DecisionChoice | null>(null);
  const q = picked && search === decisionLabel(picked) ? "" : debounced;
  const found = useQuery({
    queryKey: ["decisions", bodyId, q],
    queryFn: () => ok(api.GET("/api/decisions", { params: { query: { body: bodyId, q } } })),
    enabled: !!bodyId,
  });
  const items = found.data?.items ?? [];
  const offered = picked && !items.some((d) => d.id === picked.id) ? [picked, ...items] : items;
  return (
    <Select
      label={label ?? t("consequences.decisionPicker.label")}
      description={description}
      placeholder={t("consequences.decisionPicker.placeholder")}
      nothingFoundMessage={found.isFetching ? "…" : t("consequences.decisionPicker.none")}
      searchable
      clearable
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      value={value}
      onChange={(id) => {
        const d = offered.find((x) => x.id === id) ?? null;
        setPicked(d);
        onChange(id, d);
      }}
      data={offered.map((d) => ({ value: d.id, label: decisionLabel(d) }))}
      error={error}
      data-testid={testId}
      w={w}
    />
  );
}
