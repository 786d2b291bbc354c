/**
 * Pick a vulnerable object by typing part of its name, address or owner's BIN: the server's search
 * (GET /api/objects) within what the reader may see, optionally within a territory and only listed or
 * unlisted objects. Names in the reader's language.
 */
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import i18n from "../../i18n";

export type ObjectChoice = { id: string; nameKk: string; nameRu: string };
export const objectName = (o: ObjectChoice) => (i18n.language === "kk" ? o.nameKk : o.nameRu);

type Props = {
  value: string | null;
  onChange: (id: string | null, o: ObjectChoice | null) => void;
  label: string;
  territory?: string | null;
  listed?: "true" | "false";
  exclude?: readonly string[];
  error?: string;
  testId?: string;
  w?: number | string;
  /** The object already chosen (its names), so it is shown before any search finds it. */
  initial?: ObjectChoice | null;
};

export function ObjectPicker({
  value,
  onChange,
  label,
  territory,
  listed,
  exclude = [],
  error,
  testId,
  w,
  initial = null,
}: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const [picked, setPicked] = useState<ObjectChoice | null>(initial);
  const q = picked && search === objectName(picked) ? "" : debounced;
  const found = useQuery({
    queryKey: ["objects", "pick", territory ?? "", listed ?? "", q],
    queryFn: () =>
      ok(
        api.GET("/api/objects", {
          params: { query: { q: q || undefined, territory: territory || undefined, listed, limit: 30 } },
        }),
      ),
  });
  const skip = new Set(exclude);
  const items: ObjectChoice[] = (found.data?.items ?? []).filter((o) => !skip.has(o.id));
  const offered = picked && !items.some((o) => o.id === picked.id) ? [picked, ...items] : items;
  return (
    <Select
      label={label}
      placeholder={t("objects.pickPlaceholder")}
      nothingFoundMessage={found.isFetching ? "…" : t("objects.none")}
      searchable
      clearable
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      value={value}
      onChange={(id) => {
        const o = offered.find((x) => x.id === id) ?? null;
        setPicked(o);
        onChange(id, o);
      }}
      data={offered.map((o) => ({ value: o.id, label: objectName(o) }))}
      error={error}
      data-testid={testId}
      w={w}
    />
  );
}
