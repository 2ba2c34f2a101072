// The rows of the Memory pane in the chosen format. Values are editable (click, or Enter on a
// focused one; two-byte, four-byte and eight-byte values are typed as numbers and written
// little-endian); in qword and pointer views a value is a link that follows the pointer
// (double-click edits it there).
import { useState } from 'react';
import { addHex, formatAddress } from '../ui/format';
import {
  cellBytes,
  isPointerFormat,
  isTextFormat,
  memoryRows,
  type MemoryCell,
  type MemoryFormat,
} from './memory-format';

interface Props {
  readonly address: string;
  readonly bytes: string;
  readonly viewBytes: number;
  readonly format: MemoryFormat;
  readonly symbols: ReadonlyMap<string, string>;
  readonly editable: boolean;
  onWrite(offset: number, bytes: string): void;
  onFollow(value: string): void;
  onError(message: string): void;
}

export function MemoryRows(props: Props) {
  const { address, format } = props;
  const [edit, setEdit] = useState<{ cell: MemoryCell; text: string } | null>(null);
  const rows = memoryRows(props.bytes, props.viewBytes, format);
  const pointers = isPointerFormat(format);

  const commit = () => {
    if (!edit) return;
    setEdit(null);
    const result = cellBytes(edit.text, edit.cell.size);
    if (!result.ok) props.onError(result.error);
    else props.onWrite(edit.cell.offset, result.bytes);
  };

  const cellView = (cell: MemoryCell) => {
    if (edit?.cell.offset === cell.offset) {
      return (
        <input
          key={cell.offset}
          autoFocus
          className="hedit"
          style={{ width: `${cell.size * 2 + 1}ch` }}
          aria-label={cell.size === 1 ? 'new byte value' : `new ${cell.size}-byte value`}
          value={edit.text}
          maxLength={cell.size * 2 + 2}
          onChange={(e) => setEdit({ cell, text: e.target.value })}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setEdit(null);
          }}
          onBlur={() => setEdit(null)}
        />
      );
    }
    const { value } = cell;
    const startEdit = () => value !== null && props.editable && setEdit({ cell, text: value });
    if (pointers && value !== null) {
      const target = value.replace(/^0+(?=.)/, '');
      return (
        <a
          key={cell.offset}
          href="#"
          className="hb addr"
          data-value={target}
          title="follow this pointer (double-click edits)"
          onClick={(e) => {
            e.preventDefault();
            if (e.detail === 1) props.onFollow(target);
          }}
          onDoubleClick={startEdit}
        >
          {cell.size === 8 ? formatAddress(value) : value}
        </a>
      );
    }
    return (
      <span
        key={cell.offset}
        className={value === null ? 'hb unreadable' : 'hb'}
        tabIndex={value === null ? -1 : 0}
        onClick={startEdit}
        onKeyDown={(e) => e.key === 'Enter' && startEdit()}
      >
        {value ?? '??'.repeat(cell.size)}
      </span>
    );
  };

  return (
    <div className={`hex scroll mono fmt-${format}`} data-testid="memory-view" data-format={format}>
      {rows.map((row) => (
        <div key={row.offset} className="hexrow">
          <span className="haddr">{formatAddress(addHex(address, row.offset))}</span>
          {!isTextFormat(format) && <span className="hbytes">{row.cells.map(cellView)}</span>}
          {row.text !== '' && <span className="hascii">{row.text}</span>}
          {format === 'dps' && row.cells[0]?.value && (
            <span className="hsym" data-testid="memory-symbol">
              {props.symbols.get(row.cells[0].value.replace(/^0+(?=.)/, '')) ?? ''}
            </span>
          )}
        </div>
      ))}
    </div>
  );
}
