// "Detect from HyperDbg folder": the candidates found, or why none could be (a missing folder is
// reported and the previous list stays).
import { useState } from 'react';
import { useServices } from '../app/context';
import type { SignatureCandidate } from '../../shared/ipc/model';
import { errorText, withoutErrPrefix } from '../ui/errors';

export interface SignatureDetect {
  readonly folder: string;
  setFolder(text: string): void;
  /** Null before the first successful scan. */
  readonly candidates: readonly SignatureCandidate[] | null;
  readonly error: string | null;
  readonly scanning: boolean;
  /** Scans the folder; resolves with the candidates (null when the scan failed). */
  detect(): Promise<readonly SignatureCandidate[] | null>;
}

export function useSignatureDetect(): SignatureDetect {
  const { client } = useServices();
  const [folder, setFolder] = useState('');
  const [candidates, setCandidates] = useState<readonly SignatureCandidate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);

  const detect = async () => {
    setScanning(true);
    setError(null);
    try {
      const r = await client.invoke('session:detect-signature', { folder: folder.trim() });
      setCandidates(r.candidates);
      return r.candidates;
    } catch (e) {
      setError(withoutErrPrefix(errorText(e)));
      return null;
    } finally {
      setScanning(false);
    }
  };

  return { folder, setFolder, candidates, error, scanning, detect };
}
