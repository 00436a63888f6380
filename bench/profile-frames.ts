// The heaviest frames of a V8 CPU profile (inspector's Profiler.stop), by self time and by total
// time (self plus callees), for the profile drivers' printouts.
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export function topFrames(profile: CpuProfile, n: number): string {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const label = (x: Node) =>
    `${x.callFrame.functionName || '(anonymous)'} ${x.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/[^/]+\//, '')}:${x.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    const x = byId.get(id)!;
    self.set(label(x), (self.get(label(x)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + dt);
    }
  });
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([l, t]) => `  ${((100 * t) / all).toFixed(1).padStart(5)}%  ${l}`)
      .join('\n');
  return `self time:\n${fmt(self)}\ntotal time:\n${fmt(total)}`;
}
