import { readFileSync } from 'node:fs';

/** The main thread's own CPU time and its time waiting for a CPU (ns, Linux schedstat; zeros elsewhere). */
export function mainThreadSchedule(): { cpu: number; wait: number } {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return { cpu: Number(cpu), wait: Number(wait) };
  } catch {
    return { cpu: 0, wait: 0 };
  }
}
