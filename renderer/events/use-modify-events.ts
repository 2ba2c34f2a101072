// `events e|d|c ID|all` from the table's buttons and keys; failures go to the console.
import { useServices } from '../app/context';
import { errorText } from '../ui/errors';

export type ModifyAction = 'enable' | 'disable' | 'clear';

export function useModifyEvents() {
  const { client, session } = useServices();
  return async (action: ModifyAction, tag: number | 'all') => {
    try {
      const r = await client.invoke('events:modify', { action, tag });
      if (!r.ok && r.message) session.getState().note('error', r.message);
    } catch (e) {
      session.getState().note('error', errorText(e));
    }
  };
}
