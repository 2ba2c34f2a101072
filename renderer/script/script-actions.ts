// Script actions reachable from shortcuts and menus: run the Script pane's text as `?`.
import type { AppServices } from '../app/context';

export async function runScriptEditor(services: AppServices): Promise<void> {
  const text = services.ui.getState().scriptText.trim();
  if (text === '') {
    services.session.getState().note('info', 'the script editor is empty: nothing to run');
    return;
  }
  await services.session.getState().execute(`? ${text}`);
}
