/**
 * Pick a body of the registry by typing part of its name (GET /api/bodies: the server's typo-tolerant
 * search within what the reader may see), optionally of some kinds and within a territory's subtree.
 * A search box and a list of what it found; names in the reader's language.
 */
import { NativeSelect, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BodyKind } from "../../domain/bodies";
import { api, ok } from "../api/client";
import type { BodySummary } from "../api/types";
import { nameOf } from "../format";

/** A body offered: what the search found, or the one chosen before (kind not always known). */
type Choice = Pick<BodySummary, "id" | "names"> & { kind?: BodySummary["kind"] };

type Props = {
  value: string;
  onChange: (bodyId: string) => void;
  /** Also told the body picked, with its names (e.g. to add it to a list); null when "—" is chosen. */
  onPick?: (body: Choice | null) => void;
  /** Label of the list of bodies found. */
  label: string;
  /** Label of the search box (default "Search"). */
  searchLabel?: string;
  /** Only bodies of these kinds: one search per kind, in this order, `limit` each. */
  kinds?: readonly BodyKind[];
  /** Only bodies of this territory and below (KATO code). */
  territory?: string;
  /** Bodies not to offer (e.g. the commission itself when adding its members). */
  exclude?: readonly string[];
  /** The body chosen before (e.g. when editing), offered even when the search has not found it. */
  current?: Choice | null;
  /** Add the body's kind to its name in the list. */
  showKind?: boolean;
  limit?: number;
  error?: string;
  /** data-testid of the list; the search box gets `searchTestId`. */
  testId?: string;
  searchTestId?: string;
};

export function BodyPicker({
  value,
  onChange,
  onPick,
  label,
  searchLabel,
  kinds,
  territory,
  exclude = [],
  current,
  showKind = false,
  limit = 15,
  error,
  testId,
  searchTestId,
}: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q, 250);
  const found = useQuery({
    queryKey: ["bodies", "pick", kinds ?? "all", territory ?? "", limit, debounced],
    queryFn: async () => {
      const search = (kind?: BodyKind) =>
        ok(api.GET("/api/bodies", { params: { query: { q: debounced, kind, territory, limit } } }));
      const pages = await Promise.all((kinds?.length ? kinds : [undefined]).map(search));
      return pages.flatMap((p) => p.items);
    },
    enabled: debounced.length >= 2,
  });
  // What was picked stays in the list while the search goes on.
  const [picked, setPicked] = useState<BodySummary | null>(null);
  const optionLabel = (b: Choice) =>
    showKind && b.kind ? `${nameOf(b.names)} · ${t(`kind.${b.kind}`)}` : nameOf(b.names);
  const first: Choice[] = [];
  for (const b of [current, picked?.id === value ? picked : null])
    if (b && !first.some((c) => c.id === b.id)) first.push(b);
  const skip = new Set([...exclude, ...first.map((b) => b.id)]);
  return (
    <>
      <TextInput
        label={searchLabel ?? t("common.search")}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-testid={searchTestId}
      />
      <NativeSelect
        label={label}
        value={value}
        onChange={(e) => {
          const id = e.currentTarget.value;
          const body = found.data?.find((b) => b.id === id) ?? null;
          setPicked(body);
          onChange(id);
          onPick?.(body ?? first.find((b) => b.id === id) ?? null);
        }}
        data={[
          { value: "", label: "—" },
          ...first.map((b) => ({ value: b.id, label: optionLabel(b) })),
          ...(found.data ?? [])
            .filter((b) => !skip.has(b.id))
            .map((b) => ({ value: b.id, label: optionLabel(b) })),
        ]}
        error={error}
        data-testid={testId}
      />
    </>
  );
}
