/** Sections of the prevention work (ch. 2): plans, meetings, assignments, discipline, dashboard. */
import { Tabs } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { canReadRollup } from "../../../domain/policy";
import { navigate } from "../../router";
import { useMe } from "../../session";

export const PREVENTION_TABS = {
  plans: "/prevention",
  meetings: "/prevention/meetings",
  assignments: "/prevention/assignments",
  exercises: "/prevention/exercises",
  discipline: "/prevention/discipline",
  dashboard: "/prevention/dashboard",
} as const;
export type PreventionTab = keyof typeof PREVENTION_TABS;

/** The tabs a user can open: the dashboard only for those who read the roll-up (the domain's policy). */
export function PreventionTabs({ active }: { active: PreventionTab }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const tabs = (Object.keys(PREVENTION_TABS) as PreventionTab[]).filter(
    (k) => k !== "dashboard" || (me && canReadRollup(me.grants)),
  );
  return (
    <Tabs value={active} onChange={(v) => v && navigate(PREVENTION_TABS[v as PreventionTab])}>
      <Tabs.List>
        {tabs.map((k) => (
          <Tabs.Tab key={k} value={k} data-testid={`tab-${k}`}>
            {t(`preventionTabs.${k}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
