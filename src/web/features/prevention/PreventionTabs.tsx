/** Sections of the prevention work (ch. 2): plans, meetings, assignments, discipline, dashboard. */
import { Tabs } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { navigate } from "../../router";

export const PREVENTION_TABS = {
  plans: "/prevention",
  meetings: "/prevention/meetings",
  assignments: "/prevention/assignments",
  exercises: "/prevention/exercises",
  discipline: "/prevention/discipline",
  dashboard: "/prevention/dashboard",
} as const;
export type PreventionTab = keyof typeof PREVENTION_TABS;

export function PreventionTabs({ active }: { active: PreventionTab }) {
  const { t } = useTranslation();
  return (
    <Tabs value={active} onChange={(v) => v && navigate(PREVENTION_TABS[v as PreventionTab])}>
      <Tabs.List>
        {(Object.keys(PREVENTION_TABS) as PreventionTab[]).map((k) => (
          <Tabs.Tab key={k} value={k} data-testid={`tab-${k}`}>
            {t(`preventionTabs.${k}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
