import { describe, expect, it } from 'vitest';
import { symbolPathSetting, symbolServers } from './symbol-settings';

describe('symbolPathSetting', () => {
  it('stores the trimmed path, and null for an empty one', () => {
    expect(symbolPathSetting('  srv*C:\\Symbols*https://msdl.microsoft.com/download/symbols ')).toBe(
      'srv*C:\\Symbols*https://msdl.microsoft.com/download/symbols',
    );
    expect(symbolPathSetting('   ')).toBeNull();
    expect(symbolPathSetting('')).toBeNull();
  });
});

describe('symbolServers', () => {
  it('lists the servers of srv entries, in order and once each', () => {
    expect(
      symbolServers(
        'srv*C:\\Symbols*https://msdl.microsoft.com/download/symbols; D:\\pdbs ;SRV*http://10.0.0.2/sym;' +
          'srv*E:\\cache*https://msdl.microsoft.com/download/symbols',
      ),
    ).toEqual(['https://msdl.microsoft.com/download/symbols', 'http://10.0.0.2/sym']);
  });

  it('finds none in plain folders or a cache-only srv entry', () => {
    expect(symbolServers('C:\\Symbols;srv*C:\\cache')).toEqual([]);
    expect(symbolServers('')).toEqual([]);
  });
});
