// The runtime's start, phase by phase, on the page's performance timeline (User Timing): one
// mark per phase, named below, and one measure from the phase before to it (bench/guide_browser.py
// reads them). The worker's phases happen on its own clock: it sends the moments as
// performance.timeOrigin + performance.now(), the same wall of time for every context, and
// they are marked here at their place on the page's timeline.
export const PHASES = ["idle", "worker-created", "worker-running", "snapshot-fetched", "pyodide-loaded",
                       "wheels-unpacked", "imported", "first-answer", "ready"];

let previous = null;   // the last phase marked, for its measure

export function markPhase(phase, startTime = performance.now()) {
  const name = `guide-${phase}`;
  performance.mark(name, { startTime });
  performance.measure(`${name} (phase)`, previous ? { start: previous, end: name } : { start: 0, end: name });
  previous = name;
}

// The worker's moments ({phase: epoch ms}) on this page's timeline, in the order of PHASES.
export function markWorkerPhases(moments) {
  for (const phase of PHASES) {
    if (phase in moments) markPhase(phase, moments[phase] - performance.timeOrigin);
  }
}
