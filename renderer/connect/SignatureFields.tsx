// The build signature: typed, picked from a detected candidate, or the configured default; the
// line under the field says exactly what Connect will send (or why it cannot connect yet).
import type { SignaturePlan } from './signature-plan';
import { useSignatureDetect } from './use-signature-detect';

interface Props {
  readonly signature: string;
  readonly placeholder: string;
  readonly plan: SignaturePlan;
  /** The simulator needs no signature: the field is off. */
  readonly isSimulator: boolean;
  setSignature(text: string): void;
}

export function SignatureFields({ signature, placeholder, plan, isSimulator, setSignature }: Props) {
  const detect = useSignatureDetect();
  const runDetect = async () => {
    const found = await detect.detect();
    if (found?.length === 1) setSignature(found[0]!.signature);
  };
  return (
    <>
      <label>
        Signature
        <input
          aria-label="build signature"
          className="mono"
          value={isSimulator ? '' : signature}
          disabled={isSimulator}
          onChange={(e) => setSignature(e.target.value)}
          placeholder={placeholder}
        />
      </label>
      <div className={plan.ok ? 'dim' : 'warn'} data-testid="signature-plan">
        {plan.ok ? `Connect ${plan.says}` : plan.problem}
      </div>
      {!isSimulator && (
        <>
          <label>
            HyperDbg folder
            <input
              aria-label="HyperDbg folder"
              value={detect.folder}
              onChange={(e) => detect.setFolder(e.target.value)}
              placeholder="C:\HyperDbg\build\bin\release"
            />
          </label>
          <button onClick={() => void runDetect()} disabled={!detect.folder.trim() || detect.scanning}>
            {detect.scanning ? 'Scanning…' : 'Detect from HyperDbg folder'}
          </button>
          {detect.error && (
            <div className="warn" role="status" data-testid="detect-error">
              {detect.error}
            </div>
          )}
          {detect.candidates?.length === 0 && (
            <div className="warn" data-testid="detect-none">
              No build signature in that folder's binaries (looking for A.B.C-YYYYMMDD.HHMM); choose the
              debuggee's HyperDbg folder, the one with libhyperdbg.
            </div>
          )}
          {detect.candidates && detect.candidates.length > 0 && (
            <ul className="candidates" aria-label="detected signatures">
              {detect.candidates.map((c) => (
                <li key={c.signature + c.file}>
                  <button onClick={() => setSignature(c.signature)}>{c.signature}</button>{' '}
                  <span className="dim">{c.file}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
