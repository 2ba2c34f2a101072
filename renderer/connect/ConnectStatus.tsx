// The session and handshake line, and the one problem display: what went wrong and the next step,
// gathered from the connect outcome, the session's detail and the handshake's hints without repeats.
import { useEffect, useRef } from 'react';
import { useSession } from '../app/context';
import { combineProblem } from './problem-text';

export function ConnectStatus({ failure }: { failure: string | null }) {
  const state = useSession((s) => s.session);
  const handshake = useSession((s) => s.handshake);
  const stalled = handshake.stage === 'stalled';
  const problem = combineProblem([
    failure,
    state.detail,
    ...(handshake.stage === 'failed' || stalled ? handshake.hints : []),
  ]);
  const shown = useRef<HTMLDivElement>(null);
  // A problem appears below the form: bring it into view in a short window (1280×720).
  // (Braces: Chromium's scrollIntoView returns a promise, which an effect must not return.)
  useEffect(() => {
    void shown.current?.scrollIntoView({ block: 'nearest' });
  }, [problem?.what]);
  return (
    <section aria-label="handshake status" data-testid="handshake">
      <div>
        <b>Session:</b> <span data-testid="connect-phase">{state.phase}</span>{' '}
        {state.endpoint && (
          <span className="mono" data-testid="session-endpoint">
            {state.endpoint}
          </span>
        )}
        {' · '}
        <b>Handshake:</b> {handshake.stage}
      </div>
      {problem && (
        <div
          ref={shown}
          className={stalled && !failure ? 'problem warn' : 'problem error'}
          role="alert"
          data-testid="connect-problem"
        >
          <div>{problem.what}</div>
          {problem.next.map((step) => (
            <div key={step} className="next-step">
              <b>Next:</b> {step}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
