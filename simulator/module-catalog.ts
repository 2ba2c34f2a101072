/**
 * The rest of a Windows 10 22H2 VM's loaded modules, so `lm` and the symbol table list what a
 * real debuggee lists: boot and system drivers of a VMware guest, and the DLLs of the
 * debuggee's hyperdbg-cli.exe. They have headers but no simulated code (nothing executes in them).
 */

export interface CatalogModule {
  name: string;
  filePath: string;
  /** SizeOfImage */
  size: number;
}

const driver = (name: string, size: number, folder = '\\SystemRoot\\System32\\drivers\\'): CatalogModule => ({
  name,
  filePath: `${folder}${name}`,
  size,
});

export const KERNEL_MODULE_CATALOG: readonly CatalogModule[] = [
  driver('kd.dll', 0x12000, '\\SystemRoot\\system32\\'),
  driver('mcupdate_GenuineIntel.dll', 0x1c0000, '\\SystemRoot\\system32\\'),
  driver('msrpc.sys', 0x60000),
  driver('ksecdd.sys', 0x2c000),
  driver('werkernel.sys', 0x11000),
  driver('CLFS.SYS', 0x6a000),
  driver('tm.sys', 0x27000),
  driver('PSHED.dll', 0x19000, '\\SystemRoot\\system32\\'),
  driver('BOOTVID.dll', 0xb000, '\\SystemRoot\\system32\\'),
  driver('FLTMGR.SYS', 0x6c000),
  driver('CI.dll', 0xea000, '\\SystemRoot\\system32\\'),
  driver('cng.sys', 0xc4000),
  driver('Wdf01000.sys', 0xe3000),
  driver('WDFLDR.SYS', 0x13000),
  driver('acpiex.sys', 0x26000),
  driver('ACPI.sys', 0xcc000),
  driver('WMILIB.SYS', 0xc000),
  driver('msisadrv.sys', 0xb000),
  driver('pci.sys', 0x74000),
  driver('vdrvroot.sys', 0x13000),
  driver('partmgr.sys', 0x31000),
  driver('spaceport.sys', 0xa8000),
  driver('volmgr.sys', 0x1a000),
  driver('volmgrx.sys', 0x63000),
  driver('mountmgr.sys', 0x1e000),
  driver('storahci.sys', 0x30000),
  driver('storport.sys', 0xb4000),
  driver('vmci.sys', 0x1b000),
  driver('Ntfs.sys', 0x2ab000),
  driver('NETIO.SYS', 0x98000),
  driver('ndis.sys', 0x179000),
  driver('tcpip.sys', 0x2ef000),
  driver('afd.sys', 0xa8000),
  driver('disk.sys', 0x1e000),
  driver('CLASSPNP.SYS', 0x6d000),
  driver('Msfs.SYS', 0x11000),
  driver('Npfs.SYS', 0x1b000),
  driver('serial.sys', 0x24000),
  driver('serenum.sys', 0xc000),
  driver('vm3dmp.sys', 0x49000),
  driver('vmmouse.sys', 0xe000),
  driver('dxgkrnl.sys', 0x3f3000),
  driver('watchdog.sys', 0x16000),
  driver('win32k.sys', 0x93000, '\\SystemRoot\\System32\\'),
  driver('win32kbase.sys', 0x2b2000, '\\SystemRoot\\System32\\'),
  driver('win32kfull.sys', 0x3a8000, '\\SystemRoot\\System32\\'),
];

const dll = (name: string, size: number, folder = 'C:\\Windows\\System32\\'): CatalogModule => ({
  name,
  filePath: `${folder}${name}`,
  size,
});

/** DLLs of the debuggee's hyperdbg-cli.exe besides ntdll.dll */
export const HYPERDBG_CLI_DLL_CATALOG: readonly CatalogModule[] = [
  dll('KERNEL32.DLL', 0xbf000),
  dll('KERNELBASE.dll', 0x2f6000),
  dll('libhyperdbg.dll', 0x1f6000, 'C:\\HyperDbg\\'),
  dll('script-engine.dll', 0x78000, 'C:\\HyperDbg\\'),
  dll('symbol-parser.dll', 0x2d000, 'C:\\HyperDbg\\'),
  dll('dbghelp.dll', 0x1e6000),
  dll('symsrv.dll', 0x48000),
  dll('ucrtbase.dll', 0x100000),
  dll('VCRUNTIME140.dll', 0x1b000),
  dll('MSVCP140.dll', 0x8e000),
  dll('ADVAPI32.dll', 0xaf000),
  dll('msvcrt.dll', 0x9e000),
  dll('sechost.dll', 0x9c000),
  dll('RPCRT4.dll', 0x126000),
  dll('WS2_32.dll', 0x6b000),
  dll('USER32.dll', 0x1a0000),
  dll('win32u.dll', 0x22000),
  dll('GDI32.dll', 0x2c000),
];
