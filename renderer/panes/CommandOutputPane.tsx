// A pane showing the text result of one console command, refreshed on every pause (call
// stack `k`, breakpoint list `bl`).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useServices, useSession } from '../app/context';
import { captureCommand } from '../state/capture';
import { splitAddresses } from '../console/command-syntax';

export function CommandOutputPane({
  command,
  empty,
  children,
  testId,
}: {
  command: string;
  empty: string;
  children?: ReactNode;
  testId: string;
}) {
  const { session, ui } = useServices();
  const generation = useSession((s) => s.pauseGeneration);
  const paused = useSession((s) => s.session.phase === 'paused');
  const [lines, setLines] = useState<string[] | null>(null);
  const refresh = useCallback(async () => {
    const r = await captureCommand(session, command);
    setLines(r.lines);
  }, [session, command]);
  useEffect(() => {
    if (paused) void refresh();
  }, [paused, generation, refresh]);
  return (
    <div className="cmdout scroll mono" data-testid={testId}>
      <div className="row">
        <button onClick={() => void refresh()} disabled={!paused}>
          Refresh ({command})
        </button>
        {children}
      </div>
      {!paused && lines === null && <div className="empty">{empty}</div>}
      {lines?.map((line, i) => (
        <div key={i} className="cline">
          {splitAddresses(line).map((p, j) =>
            p.address ? (
              <a
                key={j}
                href="#"
                className="addr"
                onClick={(e) => {
                  e.preventDefault();
                  ui.getState().showDisassembly(p.address!);
                }}
              >
                {p.text}
              </a>
            ) : (
              <span key={j}>{p.text}</span>
            ),
          )}
        </div>
      ))}
    </div>
  );
}
