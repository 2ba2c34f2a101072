// The serial port: chosen from the ports the host lists (with their names), or typed when the
// port is not listed (a device that appears later, a path the listing cannot see).
import { useSerialPorts } from './use-serial-ports';

const OTHER = '';

export function SerialPortPicker({ value, onChange }: { value: string; onChange(path: string): void }) {
  const { ports, error, rescan } = useSerialPorts(true);
  const listed = ports?.some((p) => p.path === value) ?? false;
  return (
    <div className="port-picker">
      <label>
        Port
        <span className="row">
          <select
            aria-label="serial port"
            data-testid="serial-port-select"
            value={listed ? value : OTHER}
            onChange={(e) => onChange(e.target.value)}
          >
            <option value={OTHER}>
              {ports === null
                ? 'listing ports…'
                : ports.length === 0
                  ? 'no ports found: type one'
                  : 'other (type it)'}
            </option>
            {ports?.map((p) => (
              <option key={p.path} value={p.path}>
                {p.friendlyName ?? p.path}
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={rescan}
            title="list the serial ports again (hds connect --list-ports)"
          >
            Rescan
          </button>
        </span>
      </label>
      {!listed && (
        <label>
          Port path
          <input
            aria-label="serial port path"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            placeholder="COM2 or /dev/ttyS0"
          />
        </label>
      )}
      {error && (
        <div className="warn" role="status">
          Could not list the serial ports: {error}
        </div>
      )}
    </div>
  );
}
