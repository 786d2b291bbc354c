/**
 * The territorial list of vulnerable objects (R10.5; Law art. 10-1): its versions, each approved by the
 * commission's protocol decision (R5, a signed protocol's decision picked with DecisionPicker), and a
 * new version that adds objects and removes others with grounds.
 */
import {
  Button,
  Card,
  CloseButton,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { Basis } from "../../components/Basis";
import { DecisionPicker } from "../../components/DecisionPicker";
import { ErrorAlert } from "../../components/ErrorAlert";
import { TerritoryPicker } from "../../components/TerritoryPicker";
import { useFormError } from "../../components/useFormError";
import { formatMinute, nameOf } from "../../format";
import { useMe } from "../../session";
import { useObjectsChanged } from "./api";
import { type ObjectChoice, ObjectPicker, objectName } from "./ObjectPicker";

export function ListApproval() {
  const { t } = useTranslation();
  const me = useMe();
  const [chosen, setChosen] = useState<string | null>(null);
  const territory = chosen ?? me.data?.grants[0]?.territoryCode ?? null;
  const versions = useQuery({
    queryKey: ["objects", "lists", territory],
    queryFn: () => ok(api.GET("/api/object-lists", { params: { query: { territory: territory! } } })),
    enabled: !!territory,
  });
  const [approving, setApproving] = useState(false);
  return (
    <Stack>
      <Basis ids={["R5", "R10.5"]} />
      <Group align="end">
        <TerritoryPicker value={territory} onChange={setChosen} testId="list-territory" />
        {versions.data?.canApprove && versions.data.commission && (
          <Button variant="light" onClick={() => setApproving((x) => !x)} data-testid="list-approve-open">
            {t("objects.lists.approve")}
          </Button>
        )}
      </Group>
      {versions.data?.commission && (
        <Text size="sm" c="dimmed">
          {t("objects.lists.commission")}: {nameOf(versions.data.commission.names)}
        </Text>
      )}
      {approving && territory && versions.data?.commission && (
        <ApproveForm
          territory={territory}
          commissionId={versions.data.commission.id}
          onDone={() => setApproving(false)}
        />
      )}
      <ErrorAlert error={versions.error} />
      {versions.data?.items.length === 0 && <Text c="dimmed">{t("objects.lists.none")}</Text>}
      {!!versions.data?.items.length && (
        <Table striped data-testid="list-versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("objects.lists.version")}</Table.Th>
              <Table.Th>{t("objects.lists.approvedAt")}</Table.Th>
              <Table.Th>{t("objects.lists.decision")}</Table.Th>
              <Table.Th>{t("objects.lists.added")}</Table.Th>
              <Table.Th>{t("objects.lists.removed")}</Table.Th>
              <Table.Th>{t("objects.lists.grounds")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.data.items.map((v) => (
              <Table.Tr key={v.id} data-testid="list-version">
                <Table.Td>{v.number}</Table.Td>
                <Table.Td>{formatMinute(v.approvedAt)}</Table.Td>
                <Table.Td>{v.decisionNumber}</Table.Td>
                <Table.Td>{v.added}</Table.Td>
                <Table.Td>{v.removed}</Table.Td>
                <Table.Td>{v.grounds || "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function ApproveForm({
  territory,
  commissionId,
  onDone,
}: {
  territory: string;
  commissionId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const changed = useObjectsChanged();
  const { setError, fieldError, formError } = useFormError();
  const [decisionId, setDecisionId] = useState<string | null>(null);
  const [add, setAdd] = useState<ObjectChoice[]>([]);
  const [remove, setRemove] = useState<(ObjectChoice & { grounds: string })[]>([]);
  const [grounds, setGrounds] = useState("");
  const [busy, setBusy] = useState(false);
  const taken = [...add, ...remove].map((o) => o.id);
  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      await ok(
        api.POST("/api/object-lists", {
          body: {
            territoryCode: territory,
            decisionId: decisionId ?? "",
            add: add.map((o) => o.id),
            remove: remove.map((o) => ({ objectId: o.id, grounds: o.grounds })),
            grounds,
          },
        }),
      );
      changed();
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder data-testid="list-approve">
      <Stack>
        <Title order={5}>{t("objects.lists.newVersion")}</Title>
        <DecisionPicker
          bodyId={commissionId}
          value={decisionId}
          onChange={(id) => setDecisionId(id)}
          error={fieldError("decisionId")}
          testId="list-decision"
        />
        <ObjectPicker
          key={`add-${add.length}`}
          label={t("objects.lists.addObject")}
          territory={territory}
          listed="false"
          exclude={taken}
          value={null}
          onChange={(_, o) => o && setAdd([...add, o])}
          error={fieldError("add") ?? fieldError("add.0")}
          testId="list-add"
        />
        {add.map((o) => (
          <Group key={o.id} gap="xs" data-testid="list-add-item">
            <Text size="sm">+ {objectName(o)}</Text>
            <CloseButton size="sm" onClick={() => setAdd(add.filter((x) => x.id !== o.id))} />
          </Group>
        ))}
        <ObjectPicker
          key={`remove-${remove.length}`}
          label={t("objects.lists.removeObject")}
          territory={territory}
          listed="true"
          exclude={taken}
          value={null}
          onChange={(_, o) => o && setRemove([...remove, { ...o, grounds: "" }])}
          testId="list-remove"
        />
        {remove.map((o, i) => (
          <Group key={o.id} gap="xs" align="end">
            <Text size="sm">− {objectName(o)}</Text>
            <TextInput
              label={t("objects.lists.grounds")}
              value={o.grounds}
              onChange={(e) =>
                setRemove(remove.map((x, j) => (j === i ? { ...x, grounds: e.currentTarget.value } : x)))
              }
              error={fieldError(`remove.${i}.grounds`) ?? fieldError(`remove.${i}.objectId`)}
              w={360}
            />
            <CloseButton size="sm" onClick={() => setRemove(remove.filter((x) => x.id !== o.id))} />
          </Group>
        ))}
        <Textarea
          label={t("objects.lists.grounds")}
          value={grounds}
          onChange={(e) => setGrounds(e.currentTarget.value)}
          error={fieldError("grounds")}
        />
        <ErrorAlert error={formError} />
        <Group>
          <Button onClick={submit} loading={busy} data-testid="list-approve-save">
            {t("objects.lists.approve")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
