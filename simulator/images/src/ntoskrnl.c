/*
 * The simulated ntoskrnl.exe: real x64 functions (prologues, epilogues, calls) with the names of
 * well-known kernel exports and internals, the system-call entry, and the globals the debugger
 * walks (PsActiveProcessHead, PsLoadedModuleList). Built by build/gen-sim-images.sh.
 */
#include "nt-types.h"

LIST_ENTRY PsActiveProcessHead;
LIST_ENTRY PsLoadedModuleList;
EPROCESS *PsInitialSystemProcess;
ULONG KeNumberProcessors;
volatile ULONGLONG KiPoolBytesInUse;
ULONG KiServiceLimit = 0x1d0;
KLDR_DATA_TABLE_ENTRY *KiLoaderEntries;
ETHREAD *KiCurrentThreadSlot;
PEB *KiSystemPebTemplate;
PEB_LDR_DATA *KiLdrTemplate;
LDR_DATA_TABLE_ENTRY *KiLdrEntryTemplate;
KTHREAD_STATE KiLastThreadState;

NOINLINE EXPORT VOID NTAPI KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4);

NOINLINE EXPORT EPROCESS *NTAPI PsGetCurrentProcess(VOID) {
  ETHREAD *thread = KiCurrentThreadSlot;
  return thread ? (EPROCESS *)thread->Tcb.Process : PsInitialSystemProcess;
}

NOINLINE EXPORT ETHREAD *NTAPI PsGetCurrentThread(VOID) { return KiCurrentThreadSlot; }

NOINLINE EXPORT HANDLE NTAPI PsGetCurrentProcessId(VOID) {
  return PsGetCurrentProcess()->UniqueProcessId;
}

NOINLINE EXPORT HANDLE NTAPI PsGetCurrentThreadId(VOID) {
  ETHREAD *thread = PsGetCurrentThread();
  return thread ? thread->Cid.UniqueThread : 0;
}

NOINLINE ULONGLONG MiPoolBlockSize(SIZE_T bytes) { return (bytes + 0xf) & ~0xfull; }

NOINLINE EXPORT PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE type, SIZE_T bytes, ULONG tag) {
  if (bytes == 0 || tag == 0) return 0;
  ULONGLONG size = MiPoolBlockSize(bytes);
  KiPoolBytesInUse += size;
  if (type == NonPagedPoolMustSucceed && size > 0x100000) KeBugCheckEx(0x41, size, tag, 0, 0);
  return (PVOID)(0xffffc58a00000000ull + (KiPoolBytesInUse & 0xfffff));
}

NOINLINE EXPORT PVOID NTAPI ExAllocatePool2(ULONGLONG flags, SIZE_T bytes, ULONG tag) {
  return ExAllocatePoolWithTag((flags & 0x40) ? NonPagedPoolNx : PagedPool, bytes, tag);
}

NOINLINE EXPORT VOID NTAPI ExFreePoolWithTag(PVOID block, ULONG tag) {
  if (!block) KeBugCheckEx(0xc2, 7, tag, 0, 0);
  KiPoolBytesInUse -= 0x10;
}

NOINLINE EXPORT VOID NTAPI ExFreePool(PVOID block) { ExFreePoolWithTag(block, 0); }

NOINLINE EXPORT NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE handle, ULONG access, PVOID type,
                                                         UCHAR mode, PVOID *object, PVOID info) {
  if (!handle) return STATUS_INVALID_PARAMETER;
  *object = ExAllocatePoolWithTag(NonPagedPoolNx, 0x30, 0x6a624f /* "Obj" */);
  return *object ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

NOINLINE EXPORT VOID NTAPI ObfDereferenceObject(PVOID object) { ExFreePoolWithTag(object, 0x6a624f); }

NOINLINE EXPORT NTSTATUS NTAPI IofCallDriver(PVOID device, PVOID irp) {
  PVOID object;
  NTSTATUS status = ObReferenceObjectByHandle(device, 0, 0, 0, &object, 0);
  if (status == STATUS_SUCCESS) ObfDereferenceObject(object);
  return status;
}

NOINLINE NTSTATUS IopCreateFile(HANDLE *handle, ULONG access, PVOID attributes, ULONG options) {
  PVOID fileObject = ExAllocatePoolWithTag(NonPagedPoolNx, 0xd8, 0x656c6946 /* "File" */);
  if (!fileObject) return STATUS_INSUFFICIENT_RESOURCES;
  NTSTATUS status = IofCallDriver(fileObject, attributes);
  *handle = fileObject;
  return status;
}

NOINLINE EXPORT NTSTATUS NTAPI NtCreateFile(HANDLE *handle, ULONG access, PVOID attributes, PVOID ioStatus,
                                            LARGE_INTEGER *allocationSize, ULONG fileAttributes,
                                            ULONG shareAccess, ULONG disposition, ULONG options,
                                            PVOID eaBuffer, ULONG eaLength) {
  if (!handle) return STATUS_INVALID_PARAMETER;
  return IopCreateFile(handle, access, attributes, options | disposition);
}

NOINLINE EXPORT NTSTATUS NTAPI NtReadFile(HANDLE file, PVOID event, PVOID routine, PVOID context,
                                          PVOID ioStatus, PVOID buffer, ULONG length) {
  return IofCallDriver(file, buffer);
}

NOINLINE EXPORT NTSTATUS NTAPI NtWriteFile(HANDLE file, PVOID event, PVOID routine, PVOID context,
                                           PVOID ioStatus, PVOID buffer, ULONG length) {
  return IofCallDriver(file, buffer);
}

NOINLINE EXPORT NTSTATUS NTAPI NtDeviceIoControlFile(HANDLE file, PVOID event, PVOID routine, PVOID context,
                                                     PVOID ioStatus, ULONG code, PVOID input, ULONG inputLength) {
  if (code == 0) return STATUS_INVALID_PARAMETER;
  return IofCallDriver(file, input);
}

NOINLINE EXPORT NTSTATUS NTAPI NtClose(HANDLE handle) {
  if (!handle) return STATUS_INVALID_PARAMETER;
  ObfDereferenceObject(handle);
  return STATUS_SUCCESS;
}

NOINLINE EXPORT NTSTATUS NTAPI KeWaitForSingleObject(PVOID object, ULONG reason, UCHAR mode, UCHAR alertable,
                                                     LARGE_INTEGER *timeout) {
  DISPATCHER_HEADER *header = (DISPATCHER_HEADER *)object;
  KiLastThreadState = header->SignalState ? Running : Waiting;
  return header->SignalState ? STATUS_SUCCESS : 0x102 /* STATUS_TIMEOUT */;
}

NOINLINE EXPORT NTSTATUS NTAPI PsLookupProcessByProcessId(HANDLE pid, EPROCESS **process) {
  for (LIST_ENTRY *entry = PsActiveProcessHead.Flink; entry && entry != &PsActiveProcessHead;
       entry = entry->Flink) {
    EPROCESS *candidate = (EPROCESS *)((UCHAR *)entry - __builtin_offsetof(EPROCESS, ActiveProcessLinks));
    if (candidate->UniqueProcessId == pid) {
      *process = candidate;
      return STATUS_SUCCESS;
    }
  }
  return STATUS_INVALID_PARAMETER;
}

NOINLINE EXPORT NTSTATUS NTAPI MmCopyVirtualMemory(EPROCESS *from, PVOID source, EPROCESS *to, PVOID target,
                                                   SIZE_T size, UCHAR mode, SIZE_T *copied) {
  UCHAR *s = (UCHAR *)source, *d = (UCHAR *)target;
  for (SIZE_T i = 0; i < size; i++) d[i] = s[i];
  *copied = size;
  return STATUS_SUCCESS;
}

NOINLINE EXPORT NTSTATUS NTAPI NtQuerySystemInformation(ULONG infoClass, PVOID buffer, ULONG length,
                                                        ULONG *returned) {
  if (infoClass == 0x0b) { /* SystemModuleInformation: walk the loaded module list */
    ULONG count = 0;
    for (LIST_ENTRY *e = PsLoadedModuleList.Flink; e && e != &PsLoadedModuleList; e = e->Flink) count++;
    if (returned) *returned = count * sizeof(KLDR_DATA_TABLE_ENTRY);
    return count * sizeof(KLDR_DATA_TABLE_ENTRY) <= length ? STATUS_SUCCESS : 0xC0000004;
  }
  PVOID scratch = ExAllocatePoolWithTag(PagedPool, length, 0x79735153 /* "SQsy" */);
  ExFreePoolWithTag(scratch, 0x79735153);
  return STATUS_SUCCESS;
}

NOINLINE EXPORT ULONGLONG NTAPI KiReadMsr(ULONG msr) {
  ULONG lo, hi;
  __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
  return ((ULONGLONG)hi << 32) | lo;
}

NOINLINE EXPORT VOID NTAPI KiWriteMsr(ULONG msr, ULONGLONG value) {
  __asm__ volatile("wrmsr" : : "c"(msr), "a"((ULONG)value), "d"((ULONG)(value >> 32)));
}

NOINLINE EXPORT VOID NTAPI KiCpuId(ULONG leaf, ULONG subleaf, ULONG regs[4]) {
  __asm__ volatile("cpuid" : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3]) : "a"(leaf), "c"(subleaf));
}

NOINLINE EXPORT ULONG NTAPI KeQueryActiveProcessorCountEx(USHORT group) {
  ULONG regs[4];
  KiCpuId(0xb, 1, regs);
  return regs[1] ? regs[1] & 0xffff : KeNumberProcessors;
}

NOINLINE VOID KiSetupSyscallMsrs(ULONGLONG entry) {
  KiWriteMsr(0xc0000082 /* IA32_LSTAR */, entry);
  KiWriteMsr(0xc0000084 /* IA32_FMASK */, 0x4700);
  KiWriteMsr(0xc0000081 /* IA32_STAR */, KiReadMsr(0xc0000081) | (0x10ull << 32));
}

NOINLINE EXPORT NTSTATUS NTAPI KiSystemServiceHandler(ULONG number, ULONG_PTR *args) {
  if (number >= KiServiceLimit) return 0xC000001C; /* STATUS_INVALID_SYSTEM_SERVICE */
  switch (number) {
  case 0x55:
    return NtCreateFile((HANDLE *)args[0], (ULONG)args[1], (PVOID)args[2], (PVOID)args[3], 0, 0, 0, 1, 0, 0, 0);
  case 0x06:
    return NtReadFile((HANDLE)args[0], 0, 0, 0, 0, (PVOID)args[5], (ULONG)args[6]);
  case 0x08:
    return NtWriteFile((HANDLE)args[0], 0, 0, 0, 0, (PVOID)args[5], (ULONG)args[6]);
  case 0x07:
    return NtDeviceIoControlFile((HANDLE)args[0], 0, 0, 0, 0, (ULONG)args[5], (PVOID)args[6], (ULONG)args[7]);
  case 0x0f:
    return NtClose((HANDLE)args[0]);
  case 0x36:
    return NtQuerySystemInformation((ULONG)args[0], (PVOID)args[1], (ULONG)args[2], (ULONG *)args[3]);
  default:
    return STATUS_SUCCESS;
  }
}

/*
 * KiSystemCall64: the IA32_LSTAR target. swapgs, switch to the kernel stack, build a frame,
 * dispatch through KiSystemServiceHandler, then return to user mode with sysret.
 */
__asm__(".text\n"
        ".globl KiSystemCall64\n"
        ".def KiSystemCall64; .scl 2; .type 32; .endef\n"
        ".p2align 6, 0xcc\n"
        "KiSystemCall64:\n"
        "  swapgs\n"
        "  movq %rsp, %gs:0x10\n"
        "  movq %gs:0x1a8, %rsp\n"
        "  pushq $0x2b\n"
        "  pushq %gs:0x10\n"
        "  pushq %r11\n"
        "  pushq $0x33\n"
        "  pushq %rcx\n"
        "  pushq %rbp\n"
        "  movq %rsp, %rbp\n"
        "  subq $0x40, %rsp\n"
        "  sti\n"
        "  movl %eax, %ecx\n"
        "  movq %r10, 0x20(%rsp)\n"
        "  leaq 0x20(%rsp), %rdx\n"
        "  callq KiSystemServiceHandler\n"
        "  cli\n"
        "  addq $0x40, %rsp\n"
        "  popq %rbp\n"
        "  popq %rcx\n"
        "  addq $8, %rsp\n"
        "  popq %r11\n"
        "  movq (%rsp), %rsp\n"
        "  swapgs\n"
        "  sysretq\n");

NOINLINE EXPORT VOID NTAPI KiDispatchException(PVOID record, PVOID frames, PVOID trap, UCHAR mode, UCHAR first) {
  if (!record) KeBugCheckEx(0x1e, 0xc0000005, (ULONG_PTR)trap, 0, 0);
}

NOINLINE EXPORT VOID NTAPI KiPageFault(ULONG_PTR address, ULONG error) {
  if (address < 0x10000) KiDispatchException(0, 0, (PVOID)address, 0, 1);
}

NOINLINE EXPORT VOID NTAPI KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4) {
  KiWriteMsr(0x1d9 /* IA32_DEBUGCTL */, 0);
  for (;;) __asm__ volatile("hlt");
}

extern VOID KiSystemCall64(VOID);

NOINLINE EXPORT VOID NTAPI KiSystemStartup(PVOID loaderBlock) {
  PsActiveProcessHead.Flink = PsActiveProcessHead.Blink = &PsActiveProcessHead;
  PsLoadedModuleList.Flink = PsLoadedModuleList.Blink = &PsLoadedModuleList;
  KeNumberProcessors = KeQueryActiveProcessorCountEx(0);
  KiSetupSyscallMsrs((ULONGLONG)&KiSystemCall64);
  for (;;) KeWaitForSingleObject(loaderBlock, 0, 0, 0, 0);
}
