/** The affected-people answers the pages show (from the generated API types). */
import type { Answer } from "../../api/types";

export type CaseSummary = Answer<"/api/affected-people/cases", "get">["items"][number];
export type PersonList = Answer<"/api/affected-people/cases/{incidentId}/persons", "get">;
export type PersonItem = PersonList["items"][number];
export type PersonDetail = Answer<"/api/affected-people/persons/{id}", "get">;
export type MatchItem = Answer<"/api/affected-people/cases/{incidentId}/matches", "get">["items"][number];
export type Counts = CaseSummary["counts"];
