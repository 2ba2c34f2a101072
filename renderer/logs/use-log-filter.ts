// The Logs pane's filter controls (stage tab, event, core, search text and mode) and the
// contract's LogFilter they make.
import { useMemo, useState } from 'react';
import type { LogFilter } from '../../shared/ipc/model';

export type LogTab = 'all' | 'pre' | 'post' | 'pairs';
/** How the search text matches: the contract's text modes. */
export type SearchMode = NonNullable<LogFilter['textMode']>;

export function useLogFilter() {
  const [tab, setTab] = useState<LogTab>('all');
  const [eventTag, setEventTag] = useState<string>('');
  const [core, setCore] = useState('');
  const [text, setText] = useState('');
  const [mode, setMode] = useState<SearchMode>('substring');
  const filter = useMemo<LogFilter>(() => {
    const f: LogFilter = { stage: tab === 'pairs' ? 'all' : tab };
    if (eventTag !== '') f.eventTag = Number(eventTag);
    if (/^\d+$/.test(core.trim())) f.core = Number(core.trim());
    if (text.trim() !== '') {
      f.text = text.trim();
      f.textMode = mode;
    }
    return f;
  }, [tab, eventTag, core, text, mode]);
  return { tab, setTab, eventTag, setEventTag, core, setCore, text, setText, mode, setMode, filter };
}

export type LogFilterControls = ReturnType<typeof useLogFilter>;
