/* The simulated hyperhv.sys: the hypervisor's VM-exit handling (cpuid, rdmsr, wrmsr, I/O). */
#include "nt-types.h"

ULONGLONG g_GuestRegs[16];
ULONG g_ExitCount;

NOINLINE EXPORT VOID NTAPI HvHandleCpuid(ULONG *regs) {
  __asm__ volatile("cpuid" : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3]) : "a"(regs[0]), "c"(regs[2]));
}

NOINLINE EXPORT VOID NTAPI HvHandleMsrRead(ULONGLONG *regs) {
  ULONG lo, hi;
  __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"((ULONG)regs[1]));
  regs[0] = lo;
  regs[2] = hi;
}

NOINLINE EXPORT VOID NTAPI HvHandleMsrWrite(ULONGLONG *regs) {
  __asm__ volatile("wrmsr" : : "c"((ULONG)regs[1]), "a"((ULONG)regs[0]), "d"((ULONG)regs[2]));
}

NOINLINE EXPORT VOID NTAPI IoHandleIoVmExits(ULONGLONG *regs, USHORT port, BOOLEAN in) {
  if (in) {
    UCHAR value;
    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    regs[0] = value;
  } else {
    __asm__ volatile("outb %0, %1" : : "a"((UCHAR)regs[0]), "Nd"(port));
  }
}

NOINLINE EXPORT ULONGLONG NTAPI AsmVmxVmcall(ULONGLONG number, ULONGLONG p1, ULONGLONG p2, ULONGLONG p3) {
  ULONGLONG status;
  __asm__ volatile("vmcall" : "=a"(status) : "c"(number), "d"(p1), "r"(p2), "r"(p3));
  return status;
}

NOINLINE EXPORT NTSTATUS NTAPI EptHookPerformPageHook(PVOID target, PVOID hook) {
  if (!target || !hook) return STATUS_INVALID_PARAMETER;
  return AsmVmxVmcall(0x10 /* VMCALL_CHANGE_PAGE_ATTRIB */, (ULONGLONG)target, (ULONGLONG)hook, 0) ? STATUS_INVALID_PARAMETER
                                                                                                   : STATUS_SUCCESS;
}

NOINLINE EXPORT BOOLEAN NTAPI VmxVmexitHandler(ULONG reason) {
  g_ExitCount++;
  switch (reason) {
  case 10:
    HvHandleCpuid((ULONG *)g_GuestRegs);
    break;
  case 30:
    IoHandleIoVmExits(g_GuestRegs, (USHORT)g_GuestRegs[2], 1);
    break;
  case 31:
    HvHandleMsrRead(g_GuestRegs);
    break;
  case 32:
    HvHandleMsrWrite(g_GuestRegs);
    break;
  case 48:
    EptHookPerformPageHook((PVOID)g_GuestRegs[1], (PVOID)g_GuestRegs[2]);
    break;
  }
  return reason == 18;
}

NOINLINE EXPORT NTSTATUS NTAPI DriverEntry(PVOID driver, UNICODE_STRING *registryPath) {
  return VmxVmexitHandler(0) ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
}
