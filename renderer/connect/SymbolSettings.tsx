// The Settings' symbol path and the opt-in to download PDBs from its symbol servers. Both apply
// to the current session at once and to every later connection.
import { useEffect, useState } from 'react';
import { useServices } from '../app/context';
import type { Settings } from '../../shared/ipc/model';
import { errorText } from '../ui/errors';
import { symbolPathSetting, symbolServers } from './symbol-settings';

type SymbolPatch = Partial<Pick<Settings, 'symbolPath' | 'symbolDownload'>>;

export function SymbolSettings() {
  const { client } = useServices();
  const [pathText, setPathText] = useState('');
  const [savedPath, setSavedPath] = useState<string | null>(null);
  const [download, setDownload] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    client.invoke('settings:get', {}).then(
      (s) => {
        setPathText(s.symbolPath ?? '');
        setSavedPath(s.symbolPath);
        setDownload(s.symbolDownload);
      },
      (e) => setMessage(errorText(e)),
    );
  }, [client]);

  const save = async (patch: SymbolPatch) => {
    setMessage(null);
    try {
      const s = await client.invoke('settings:set', { patch });
      setSavedPath(s.symbolPath);
      setDownload(s.symbolDownload);
    } catch (e) {
      setMessage(errorText(e));
    }
  };

  const typedPath = symbolPathSetting(pathText);
  const servers = symbolServers(pathText);
  return (
    <fieldset aria-label="symbols">
      <legend>Symbols</legend>
      <label>
        Symbol path
        <input
          aria-label="symbol path"
          value={pathText}
          onChange={(e) => setPathText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void save({ symbolPath: typedPath });
          }}
          placeholder="srv*C:\Symbols*https://msdl.microsoft.com/download/symbols"
        />
      </label>
      <button onClick={() => void save({ symbolPath: typedPath })} disabled={typedPath === savedPath}>
        Apply
      </button>
      <label className="check">
        <input
          type="checkbox"
          aria-label="allow symbol download"
          checked={download}
          onChange={(e) => void save({ symbolDownload: e.target.checked })}
        />{' '}
        Download missing PDBs from the symbol servers (.sym download)
      </label>
      <div className="dim">
        {servers.length === 0
          ? 'The symbol path names no symbol server (srv*CACHE*https://…): nothing to download from.'
          : download
            ? `.sym download fetches missing PDBs from ${servers.join(', ')}.`
            : `Off: .sym download refuses and nothing is fetched from ${servers.join(', ')}.`}
      </div>
      {message && (
        <div className="error" role="alert">
          {message}
        </div>
      )}
    </fieldset>
  );
}
