/** Pick a territory by typing part of its name (server search over KATO, kk/ru, typo-tolerant). */
import { Autocomplete } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../api/client";
import { nameOf } from "../format";

type Props = {
  value: string | null;
  onChange: (code: string | null) => void;
  label?: string;
  error?: string;
  maxLevel?: number;
  testId?: string;
  required?: boolean;
};

export function TerritoryPicker({ value, onChange, label, error, maxLevel = 2, testId, required }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [debounced] = useDebouncedValue(text, 250);
  const current = useQuery({
    queryKey: ["territory", value],
    queryFn: () => ok(api.GET("/api/territories/{code}", { params: { path: { code: value! } } })),
    enabled: !!value,
  });
  useEffect(() => {
    if (!value) setText("");
    else if (current.data) setText(`${nameOf(current.data.names)} (${current.data.code})`);
  }, [value, current.data]);
  const search = useQuery({
    queryKey: ["territories", debounced, maxLevel],
    queryFn: () =>
      ok(api.GET("/api/territories", { params: { query: { q: debounced, maxLevel, limit: 20 } } })),
    enabled: debounced.length >= 2 && !/\(\w+\)$/.test(debounced),
  });
  // Mantine's Autocomplete shows and returns the option text: it ends with the KATO code we parse back.
  // Units of the same name (five villages "Алмалы") are told apart by where they lie: district, region.
  const options = (search.data?.items ?? []).map((x) => {
    const within = x.within.map((w) => nameOf(w.names)).join(", ");
    return `${nameOf(x.names)} · ${t(`territoryType.${x.type}`)}${within ? ` — ${within}` : ""} (${x.code})`;
  });
  return (
    <Autocomplete
      label={label ?? t("registry.territory")}
      placeholder={t("registry.territorySearch")}
      value={text}
      required={required}
      onChange={(v) => {
        setText(v);
        const m = /\(([\w-]+)\)$/.exec(v);
        if (m) onChange(m[1]);
        else if (v === "") onChange(null);
      }}
      data={options}
      filter={({ options: o }) => o}
      error={error}
      data-testid={testId}
      clearable
    />
  );
}
