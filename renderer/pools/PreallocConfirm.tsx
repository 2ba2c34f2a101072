// The confirmation every prealloc goes through: it says what running it costs.
import type { PreallocRequest } from './use-prealloc';

export function PreallocConfirm(props: { request: PreallocRequest; onConfirm(): void; onCancel(): void }) {
  const { type, count } = props.request;
  return (
    <div className="confirm" role="alertdialog" aria-label="confirm prealloc">
      <p>
        <b>
          prealloc {type} {count.toString(16)}
        </b>{' '}
        resumes the debuggee until the pools are allocated. It halts again inside HyperDbg's own process, so
        the current context (registers, stack) is lost.
      </p>
      <button className="primary" data-testid="prealloc-confirm" autoFocus onClick={props.onConfirm}>
        Resume and allocate
      </button>
      <button onClick={props.onCancel}>Cancel</button>
    </div>
  );
}
