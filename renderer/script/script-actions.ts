// Script actions reachable from shortcuts and menus: run the Script pane's text as `?` (Ctrl+Enter),
// unless the compiler rejects it: then nothing is sent and the console says where and why.
import type { AppServices } from '../app/context';
import { scriptRefusal } from './script-refusal';

export async function runScriptEditor(services: AppServices): Promise<void> {
  const text = services.ui.getState().scriptText.trim();
  if (text === '') {
    services.session.getState().note('info', 'the script editor is empty: nothing to run');
    return;
  }
  const refusal = scriptRefusal(text);
  if (refusal !== null) {
    services.session
      .getState()
      .note('error', `${refusal} (fix it in the Script pane, then Ctrl+Enter again)`);
    return;
  }
  await services.session.getState().execute(`? ${text}`);
}
