/**
 * Drills at the object (Law art. 10-2; R10.3): the commissions' exercises and drills held here, linked
 * from the exercises' calendar (they stay there); those who keep or inspect the object link and unlink.
 */
import { Badge, Button, Card, CloseButton, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Link } from "../../router";

const day = (d: string) => d.split("-").reverse().join(".");

export function Drills({ objectId }: { objectId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = ["objects", "drills", objectId];
  const q = useQuery({
    queryKey: key,
    queryFn: () => ok(api.GET("/api/objects/{id}/drills", { params: { path: { id: objectId } } })),
  });
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const unlink = async (exerciseId: string) => {
    setError(null);
    try {
      const next = await ok(
        api.DELETE("/api/objects/{id}/drills/{exerciseId}", {
          params: { path: { id: objectId, exerciseId } },
        }),
      );
      qc.setQueryData(key, next);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Stack data-testid="object-drills">
      <Group justify="space-between">
        <Title order={4}>{t("objects.drills.title")}</Title>
        {q.data?.canLink && (
          <Button variant="light" onClick={() => setAdding((v) => !v)} data-testid="drill-new">
            {t("objects.drills.link")}
          </Button>
        )}
      </Group>
      {adding && (
        <DrillForm
          objectId={objectId}
          onDone={(next) => {
            qc.setQueryData(key, next);
            setAdding(false);
          }}
        />
      )}
      <ErrorAlert error={q.error ?? error} />
      {q.data?.items.length === 0 && <Text c="dimmed">{t("objects.drills.none")}</Text>}
      {q.data?.items.map((d) => (
        <Card withBorder key={d.id} p="xs" data-testid="drill">
          <Group justify="space-between">
            <Group gap="xs">
              <Text size="sm">{day(d.date)}</Text>
              <Badge variant="light">{t(`exerciseKind.${d.kind}`)}</Badge>
              <Link to="/prevention/exercises">{d.title}</Link>
              <Badge variant="outline" color={d.status === "held" ? "green" : "gray"}>
                {t(`exerciseStatus.${d.status}`)}
              </Badge>
            </Group>
            {q.data?.canLink && (
              <CloseButton aria-label={t("objects.drills.unlink")} onClick={() => unlink(d.id)} />
            )}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

type DrillList = Awaited<ReturnType<typeof listAfterLink>>;
const listAfterLink = (id: string, exerciseId: string) =>
  ok(api.POST("/api/objects/{id}/drills", { params: { path: { id } }, body: { exerciseId } }));

function DrillForm({ objectId, onDone }: { objectId: string; onDone: (next: DrillList) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const [exerciseId, setExerciseId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const found = useQuery({
    queryKey: ["objects", "drill-candidates", objectId, debounced],
    queryFn: () =>
      ok(
        api.GET("/api/objects/{id}/drill-candidates", {
          params: { path: { id: objectId }, query: { q: debounced || undefined } },
        }),
      ),
  });
  const submit = async () => {
    setError(null);
    try {
      onDone(await listAfterLink(objectId, exerciseId ?? ""));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card withBorder>
      <Stack>
        <Select
          label={t("objects.drills.exercise")}
          placeholder={t("objects.pickPlaceholder")}
          nothingFoundMessage={found.isFetching ? "…" : t("objects.drills.noCandidates")}
          searchable
          filter={({ options }) => options}
          searchValue={search}
          onSearchChange={setSearch}
          value={exerciseId}
          onChange={setExerciseId}
          data={(found.data?.items ?? []).map((e) => ({
            value: e.id,
            label: `${day(e.date)} · ${e.title}`,
          }))}
          data-testid="drill-exercise"
        />
        <ErrorAlert error={error} />
        <Group>
          <Button onClick={submit} data-testid="drill-save">
            {t("objects.drills.link")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
