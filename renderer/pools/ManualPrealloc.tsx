// `prealloc TYPE COUNT` typed by hand; the count is hex, as HyperDbg reads it.
import { useState } from 'react';
import { PreallocType } from '../../shared/ipc/model';
import type { PreallocRequest } from './use-prealloc';

const PREALLOC_TYPES = PreallocType.options;

export function ManualPrealloc({
  disabled,
  onPrealloc,
}: {
  disabled: boolean;
  onPrealloc(r: PreallocRequest): void;
}) {
  const [type, setType] = useState<PreallocType>('regular-event');
  const [count, setCount] = useState('10');
  const parsed = /^(0x)?[0-9a-f]{1,4}$/i.test(count.trim())
    ? parseInt(count.trim().replace(/^0x/i, ''), 16)
    : 0;
  return (
    <form
      className="row"
      aria-label="manual prealloc"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed > 0) onPrealloc({ type, count: parsed });
      }}
    >
      <select
        aria-label="prealloc type"
        value={type}
        onChange={(e) => setType(e.target.value as PreallocType)}
      >
        {PREALLOC_TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <input
        aria-label="prealloc count (hex)"
        value={count}
        onChange={(e) => setCount(e.target.value)}
        size={6}
      />
      <span className="dim">{parsed > 0 ? `hex: ${parsed} in decimal` : 'a hex count, 1 … ffff'}</span>
      <button type="submit" disabled={disabled || parsed === 0}>
        prealloc…
      </button>
    </form>
  );
}
