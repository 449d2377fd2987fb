import { readFileSync, readdirSync } from 'node:fs';

/** CPU seconds (user + system) used so far by every process, by pid, with its command name (Linux /proc; empty elsewhere). */
export function processCpuSeconds(): Map<number, { comm: string; seconds: number }> {
  const cpu = new Map<number, { comm: string; seconds: number }>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return cpu;
  }
  const tick = 100; // USER_HZ on Linux
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(pid), { comm, seconds: (Number(fields[11]) + Number(fields[12])) / tick });
    } catch {
      // The process ended meanwhile.
    }
  }
  return cpu;
}

/**
 * CPU seconds each group of processes used between two snapshots. `groups` names pids (this
 * process, a child); every other process is grouped by its command name.
 */
export function cpuBetween(
  before: Map<number, { comm: string; seconds: number }>,
  after: Map<number, { comm: string; seconds: number }>,
  groups: Record<number, string> = {},
): Map<string, number> {
  const used = new Map<string, number>();
  for (const [pid, { comm, seconds }] of after) {
    const delta = seconds - (before.get(pid)?.seconds ?? 0);
    if (delta <= 0) continue;
    const name = groups[pid] ?? comm;
    used.set(name, (used.get(name) ?? 0) + delta);
  }
  return used;
}

/**
 * The pids of one PostgreSQL server (its postmaster and every child), found from one backend's pid
 * (`select pg_backend_pid()`), each named `label`: on a shared machine other servers' processes are
 * also called postgres, and must not count as this one's CPU (Linux /proc; empty elsewhere).
 */
export function postgresServerPids(backendPid: number, label = 'postgres (this server)'): Record<number, string> {
  const parentOf = (pid: string) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  const pids: Record<number, string> = {};
  try {
    const postmaster = parentOf(String(backendPid));
    pids[postmaster] = label;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (parentOf(pid) === postmaster) pids[Number(pid)] = label;
      } catch {
        // The process ended meanwhile.
      }
    }
  } catch {
    // No /proc (not Linux): nothing is named.
  }
  return pids;
}
