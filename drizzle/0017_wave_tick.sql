-- Passes of the wave grouping job are numbered: an instance that finds the number moved on by more
-- than one since its own last pass (another instance ran) reloads its in-memory index of ungrouped
-- reports instead of trusting it (modules/incidents/waves.ts).
CREATE SEQUENCE IF NOT EXISTS incident_wave_pass_seq;
