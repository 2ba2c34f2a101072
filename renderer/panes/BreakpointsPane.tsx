// Breakpoints: `bl` output plus a small form for bp / bc / bd / be.
import { useState } from 'react';
import { useServices, useSession } from '../app/context';
import { CommandOutputPane } from './CommandOutputPane';

export function BreakpointsPane() {
  const { session } = useServices();
  const paused = useSession((s) => s.session.phase === 'paused');
  const [address, setAddress] = useState('');
  const [id, setId] = useState('');
  const run = (text: string) => void session.getState().execute(text);
  return (
    <CommandOutputPane
      command="bl"
      testId="breakpoints"
      empty="Breakpoints are listed while the debuggee is paused."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (address.trim()) run(`bp ${address.trim()}`);
        }}
      >
        <input
          aria-label="breakpoint address"
          placeholder="address or symbol"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          size={18}
        />
        <button type="submit" disabled={!paused}>
          bp
        </button>
      </form>
      <input
        aria-label="breakpoint id"
        placeholder="id"
        value={id}
        onChange={(e) => setId(e.target.value)}
        size={4}
      />
      <button disabled={!paused || !id.trim()} onClick={() => run(`bc ${id.trim()}`)}>
        bc
      </button>
      <button disabled={!paused || !id.trim()} onClick={() => run(`bd ${id.trim()}`)}>
        bd
      </button>
      <button disabled={!paused || !id.trim()} onClick={() => run(`be ${id.trim()}`)}>
        be
      </button>
    </CommandOutputPane>
  );
}
