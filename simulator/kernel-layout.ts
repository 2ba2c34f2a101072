import { moduleImage, publicRva } from './module-images';

/**
 * Where the simulated kernel's objects and globals are, read from the simulated ntoskrnl's own
 * PDB with the project's PDB reader: the offsets a debugger takes from ntkrnlmp.pdb and sends in
 * ProcessListSymDetails / ThreadListSymDetails for `.process list` and `.thread list`, and what
 * the simulator uses to lay out _EPROCESS, _ETHREAD and _KLDR_DATA_TABLE_ENTRY objects in memory.
 */
function readNtLayout() {
  const nt = moduleImage('ntoskrnl.exe');
  const t = nt.pdb.types;
  const at = (type: string, path: string) => t.offsetOf(type, path).offset;
  return {
    PsActiveProcessHeadRva: BigInt(publicRva(nt, 'PsActiveProcessHead')),
    PsLoadedModuleListRva: BigInt(publicRva(nt, 'PsLoadedModuleList')),
    PsInitialSystemProcessRva: BigInt(publicRva(nt, 'PsInitialSystemProcess')),
    KeNumberProcessorsRva: BigInt(publicRva(nt, 'KeNumberProcessors')),
    EPROCESS_Size: t.layout('_EPROCESS').size,
    EPROCESS_DirectoryTableBase: at('_EPROCESS', 'Pcb.DirectoryTableBase'),
    EPROCESS_KernelThreadListHead: at('_EPROCESS', 'Pcb.ThreadListHead'),
    EPROCESS_UniqueProcessId: at('_EPROCESS', 'UniqueProcessId'),
    EPROCESS_ActiveProcessLinks: at('_EPROCESS', 'ActiveProcessLinks'),
    EPROCESS_CreateTime: at('_EPROCESS', 'CreateTime'),
    EPROCESS_ImageFileName: at('_EPROCESS', 'ImageFileName'),
    EPROCESS_ThreadListHead: at('_EPROCESS', 'ThreadListHead'),
    EPROCESS_ActiveThreads: at('_EPROCESS', 'ActiveThreads'),
    ETHREAD_Size: t.layout('_ETHREAD').size,
    ETHREAD_Process: at('_ETHREAD', 'Tcb.Process'),
    ETHREAD_State: at('_ETHREAD', 'Tcb.State'),
    ETHREAD_KernelThreadListEntry: at('_ETHREAD', 'Tcb.ThreadListEntry'),
    ETHREAD_CreateTime: at('_ETHREAD', 'CreateTime'),
    ETHREAD_Cid: at('_ETHREAD', 'Cid'),
    ETHREAD_ThreadListEntry: at('_ETHREAD', 'ThreadListEntry'),
    KLDR_Size: t.layout('_KLDR_DATA_TABLE_ENTRY').size,
    KLDR_InLoadOrderLinks: at('_KLDR_DATA_TABLE_ENTRY', 'InLoadOrderLinks'),
    KLDR_DllBase: at('_KLDR_DATA_TABLE_ENTRY', 'DllBase'),
    KLDR_EntryPoint: at('_KLDR_DATA_TABLE_ENTRY', 'EntryPoint'),
    KLDR_SizeOfImage: at('_KLDR_DATA_TABLE_ENTRY', 'SizeOfImage'),
    KLDR_FullDllName: at('_KLDR_DATA_TABLE_ENTRY', 'FullDllName'),
    KLDR_BaseDllName: at('_KLDR_DATA_TABLE_ENTRY', 'BaseDllName'),
    KLDR_LoadCount: at('_KLDR_DATA_TABLE_ENTRY', 'LoadCount'),
    UNICODE_STRING_Buffer: at('_UNICODE_STRING', 'Buffer'),
    UNICODE_STRING_MaximumLength: at('_UNICODE_STRING', 'MaximumLength'),
  } as const;
}

export const NT_LAYOUT = readNtLayout();
