import type { FunctionArtifact } from "../../bundling/bundle-function";
import type { ColdInvocation } from "../../bundling/run-zipped-handler";
import { median, spread } from "./measure";

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

/** What is compared: the function, the same route on its data library alone, and on the bare driver. */
export interface ColdStartSubjects {
  /** The function measured against the targets. */
  readonly candidate: FunctionArtifact;
  /**
   * The baseline's handler with the candidate's data library in place of the bare driver, and
   * nothing else of the candidate: what no build of the candidate can start faster than.
   */
  readonly floor: FunctionArtifact;
  /** The targets' reference. */
  readonly baseline: FunctionArtifact;
}

export interface ColdStartComparison {
  /** Markdown tables and a verdict per target, ready to print. */
  readonly lines: readonly string[];
  /** Every ratio of medians within its target. */
  readonly met: boolean;
}

/** The order of round `round`: the subjects rotate, so each comes first, second and third in turn. */
function roundOrder<T>(subjects: readonly T[], round: number): T[] {
  const shift = round % subjects.length;
  return [...subjects.slice(shift), ...subjects.slice(0, shift)];
}

/**
 * Cold-starts the three subjects `runs` times each, in rounds whose order rotates, so that a burst
 * of load from elsewhere on a shared machine falls on all alike. Reports min / median / max of each
 * phase; then the candidate's ratio to the baseline (the targets, with the spread of the per-round
 * ratios), the floor's ratio to the baseline (what the data library costs by itself) and the
 * candidate's ratio to the floor (what the function adds to it).
 */
export async function compareColdStarts(
  subjects: ColdStartSubjects,
  runs: number,
  coldStart: (zipPath: string) => Promise<ColdInvocation>,
): Promise<ColdStartComparison> {
  const { candidate, floor, baseline } = subjects;
  const measured = new Map<FunctionArtifact, ColdInvocation[]>([candidate, floor, baseline].map((subject) => [subject, []]));
  for (let round = 0; round < runs; round += 1) {
    for (const subject of roundOrder([candidate, floor, baseline], round)) measured.get(subject)!.push(await coldStart(subject.zipPath));
  }
  const ofPhase = (subject: FunctionArtifact, phase: Phase) => measured.get(subject)!.map((run) => run[phase]);
  const ratioOfMedians = (over: FunctionArtifact, under: FunctionArtifact, phase: Phase) => median(ofPhase(over, phase)) / median(ofPhase(under, phase));

  const lines = [
    `| phase (ms: min / median / max of ${runs}) | ${candidate.name} | ${floor.name} | ${baseline.name} |`,
    "|---|---|---|---|",
    ...PHASES.map(
      ([phase, label]) => `| ${label} | ${spread(ofPhase(candidate, phase), 1)} | ${spread(ofPhase(floor, phase), 1)} | ${spread(ofPhase(baseline, phase), 1)} |`,
    ),
    "",
    `| phase | ${candidate.name} ÷ ${baseline.name} | per round (min / median / max) | target | ${floor.name} ÷ ${baseline.name} | ${candidate.name} ÷ ${floor.name} |`,
    "|---|---|---|---|---|---|",
  ];
  const verdicts: string[] = [];
  let met = true;
  for (const [phase, label] of PHASES) {
    const ratio = ratioOfMedians(candidate, baseline, phase);
    const baselineRuns = ofPhase(baseline, phase);
    const perRound = ofPhase(candidate, phase).map((value, round) => value / baselineRuns[round]);
    const floorRatio = ratioOfMedians(floor, baseline, phase);
    const target = phase === "firstResponseMs" || phase === "firstResponseCpuMs" ? undefined : COLD_START_RATIO_TARGETS[phase];
    const withinTarget = target === undefined || ratio <= target;
    met &&= withinTarget;
    lines.push(
      `| ${label} | ${ratio.toFixed(2)}× | ${spread(perRound, 2)} | ` +
        `${target === undefined ? "none of its own" : `≤ ${target}× ${withinTarget ? "met" : "MISSED"}`} | ` +
        `${floorRatio.toFixed(2)}× | ${ratioOfMedians(candidate, floor, phase).toFixed(2)}× |`,
    );
    if (target !== undefined && !withinTarget) {
      verdicts.push(
        floorRatio > target
          ? `${label}: ${ratio.toFixed(2)}× misses ≤ ${target}×, and ${floor.name} is ${floorRatio.toFixed(2)}× by itself: the target is below the data library's own cold start`
          : `${label}: ${ratio.toFixed(2)}× misses ≤ ${target}×; ${floor.name} is ${floorRatio.toFixed(2)}× by itself`,
      );
    }
  }
  const sizes = [candidate, floor, baseline].map((subject) => `${subject.name} ${(subject.zipBytes / 1024).toFixed(1)} KiB`).join(", ");
  lines.push("", `zips: ${sizes}`, ...(verdicts.length > 0 ? ["", ...verdicts] : []));
  return { lines, met };
}
