import type { FunctionArtifact } from "../../bundling/bundle-function";
import type { ColdInvocation } from "../../bundling/run-zipped-handler";
import { median } from "./measure";

/** The targets against the baseline: the whole fresh process, and each of its two phases. */
export const COLD_START_RATIO_TARGETS = { processMs: 1.5, importMs: 2, firstRequestMs: 2 } as const;

type Phase = keyof typeof COLD_START_RATIO_TARGETS | "firstResponseMs" | "firstResponseCpuMs";
// Start to first response, and the CPU it took, have no targets of their own: they are printed
// beside the whole process, which also holds the process's exit (see ColdInvocation), because the
// first is what a caller waits for and the second what a share of a core pays for it.
const PHASES: ReadonlyArray<readonly [Phase, string]> = [
  ["importMs", "import"],
  ["firstRequestMs", "first request"],
  ["firstResponseMs", "start to first response"],
  ["firstResponseCpuMs", "CPU time to first response"],
  ["processMs", "whole fresh process"],
];

export interface ColdStartComparison {
  /** A Markdown table and a verdict, ready to print. */
  readonly lines: readonly string[];
  /** Every ratio of medians within its target. */
  readonly met: boolean;
}

const spread = (values: readonly number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)} / ${median(values).toFixed(digits)} / ${Math.max(...values).toFixed(digits)}`;

/**
 * Cold-starts `candidate` and `baseline` `runs` times each in alternation (the order swapped every
 * round), so that a burst of load from elsewhere on a shared machine falls on both alike. Reports
 * min / median / max of each phase, the ratio of the medians, and the spread of the ratios of the
 * two runs of each round.
 */
export async function compareColdStarts(
  candidate: FunctionArtifact,
  baseline: FunctionArtifact,
  runs: number,
  coldStart: (zipPath: string) => Promise<ColdInvocation>,
): Promise<ColdStartComparison> {
  const candidateRuns: ColdInvocation[] = [];
  const baselineRuns: ColdInvocation[] = [];
  for (let round = 0; round < runs; round += 1) {
    if (round % 2 === 0) {
      candidateRuns.push(await coldStart(candidate.zipPath));
      baselineRuns.push(await coldStart(baseline.zipPath));
    } else {
      baselineRuns.push(await coldStart(baseline.zipPath));
      candidateRuns.push(await coldStart(candidate.zipPath));
    }
  }
  const lines = [
    `| phase (ms: min / median / max of ${runs}) | ${candidate.name} | ${baseline.name} | ratio of medians | ratio per round (min / median / max) | target |`,
    "|---|---|---|---|---|---|",
  ];
  let met = true;
  for (const [phase, label] of PHASES) {
    const ofCandidate = candidateRuns.map((run) => run[phase]);
    const ofBaseline = baselineRuns.map((run) => run[phase]);
    const ratio = median(ofCandidate) / median(ofBaseline);
    const perRound = ofCandidate.map((value, round) => value / ofBaseline[round]);
    const target = phase === "firstResponseMs" || phase === "firstResponseCpuMs" ? undefined : COLD_START_RATIO_TARGETS[phase];
    const withinTarget = target === undefined || ratio <= target;
    met &&= withinTarget;
    lines.push(
      `| ${label} | ${spread(ofCandidate, 1)} | ${spread(ofBaseline, 1)} | ${ratio.toFixed(2)}× | ${spread(perRound, 2)} | ` +
        `${target === undefined ? "none of its own" : `≤ ${target}× ${withinTarget ? "met" : "MISSED"}`} |`,
    );
  }
  lines.push("", `zips: ${candidate.name} ${(candidate.zipBytes / 1024).toFixed(1)} KiB, ${baseline.name} ${(baseline.zipBytes / 1024).toFixed(1)} KiB`);
  return { lines, met };
}
