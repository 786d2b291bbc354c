/** Vulnerable objects (R10.5): the registry, target programmes and the compliance dashboard, in tabs. */
import { Stack, Tabs, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { mayReadTerritoryObjects } from "../../../domain/vulnerable-objects";
import { Basis } from "../../components/Basis";
import { navigate, useLocation } from "../../router";
import { useMe } from "../../session";
import { Compliance } from "./Compliance";
import { ListApproval } from "./ListApproval";
import { ObjectsList } from "./ObjectsList";
import { Programmes } from "./Programmes";

export function ObjectsHome() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const me = useMe().data;
  // An owner's account has no territory: its list and compliance would only answer "not found".
  const byTerritory = !me || mayReadTerritoryObjects(me.grants);
  const asked = search.get("tab") ?? "list";
  const tab = !byTerritory && (asked === "lists" || asked === "compliance") ? "list" : asked;
  return (
    <Stack maw={1200}>
      <Title order={2}>{t("objects.title")}</Title>
      <Basis ids={["R10.5"]} />
      <Text size="xs" c="dimmed">
        {t("objects.basis")}
      </Text>
      <Tabs value={tab} onChange={(v) => navigate(v === "list" ? "/objects" : `/objects?tab=${v}`, true)}>
        <Tabs.List>
          <Tabs.Tab value="list" data-testid="objects-tab-list">
            {t("objects.tabs.list")}
          </Tabs.Tab>
          {byTerritory && (
            <Tabs.Tab value="lists" data-testid="objects-tab-lists">
              {t("objects.tabs.lists")}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="programmes" data-testid="objects-tab-programmes">
            {t("objects.tabs.programmes")}
          </Tabs.Tab>
          {byTerritory && (
            <Tabs.Tab value="compliance" data-testid="objects-tab-compliance">
              {t("objects.tabs.compliance")}
            </Tabs.Tab>
          )}
        </Tabs.List>
      </Tabs>
      {tab === "list" && <ObjectsList />}
      {tab === "lists" && <ListApproval />}
      {tab === "programmes" && <Programmes />}
      {tab === "compliance" && <Compliance />}
    </Stack>
  );
}
