/* The simulated hal.dll: port I/O, the interrupt controller and the performance counter. */
#include "nt-types.h"

ULONGLONG HalpPerformanceCounter;
ULONGLONG HalPerformanceCounterFrequency;

NOINLINE EXPORT UCHAR NTAPI READ_PORT_UCHAR(USHORT port) {
  UCHAR value;
  __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

NOINLINE EXPORT ULONG NTAPI READ_PORT_ULONG(USHORT port) {
  ULONG value;
  __asm__ volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

NOINLINE EXPORT VOID NTAPI WRITE_PORT_UCHAR(USHORT port, UCHAR value) {
  __asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

NOINLINE EXPORT VOID NTAPI WRITE_PORT_ULONG(USHORT port, ULONG value) {
  __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

NOINLINE EXPORT ULONG NTAPI HalpPciReadConfig(ULONG bus, ULONG device, ULONG function, ULONG offset) {
  WRITE_PORT_ULONG(0xcf8, 0x80000000u | (bus << 16) | (device << 11) | (function << 8) | (offset & 0xfc));
  return READ_PORT_ULONG(0xcfc);
}

NOINLINE EXPORT VOID NTAPI HalRequestSoftwareInterrupt(UCHAR level) {
  WRITE_PORT_UCHAR(0x20, 0x20);
  WRITE_PORT_UCHAR(0xa0, level);
}

NOINLINE EXPORT UCHAR NTAPI HalpCmosRead(UCHAR index) {
  WRITE_PORT_UCHAR(0x70, index);
  return READ_PORT_UCHAR(0x71);
}

NOINLINE EXPORT ULONGLONG NTAPI KeQueryPerformanceCounter(ULONGLONG *frequency) {
  ULONG lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  if (frequency) *frequency = 10000000;
  HalpPerformanceCounter = ((ULONGLONG)hi << 32) | lo;
  return HalpPerformanceCounter;
}


/* The privileged instructions the hypervisor's events trap, each inside a named HAL routine. */
NOINLINE EXPORT VOID NTAPI HalpCpuidQuery(ULONG leaf, ULONG subleaf, ULONG regs[4]) {
  __asm__ volatile("cpuid" : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3]) : "a"(leaf), "c"(subleaf));
}

NOINLINE EXPORT ULONGLONG NTAPI HalpReadMsr(ULONG msr) {
  ULONG lo, hi;
  __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
  return ((ULONGLONG)hi << 32) | lo;
}

NOINLINE EXPORT VOID NTAPI HalpWriteMsr(ULONG msr, ULONGLONG value) {
  __asm__ volatile("wrmsr" : : "c"(msr), "a"((ULONG)value), "d"((ULONG)(value >> 32)));
}

NOINLINE EXPORT UCHAR NTAPI HalpReadPortUchar(USHORT port) { return READ_PORT_UCHAR(port); }

NOINLINE EXPORT VOID NTAPI HalpWritePortUchar(USHORT port, UCHAR value) { WRITE_PORT_UCHAR(port, value); }

NOINLINE EXPORT ULONGLONG NTAPI HalpQueryTsc(VOID) {
  ULONG lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return ((ULONGLONG)hi << 32) | lo;
}

NOINLINE EXPORT ULONGLONG NTAPI HalpQueryPerformanceCounter(ULONG counter) {
  ULONG lo, hi;
  __asm__ volatile("rdpmc" : "=a"(lo), "=d"(hi) : "c"(counter));
  return ((ULONGLONG)hi << 32) | lo;
}

NOINLINE EXPORT VOID NTAPI HalpWriteCr4(ULONGLONG value) { __asm__ volatile("movq %0, %%cr4" : : "r"(value)); }

NOINLINE EXPORT VOID NTAPI HalpWriteCr0(ULONGLONG value) { __asm__ volatile("movq %0, %%cr0" : : "r"(value)); }

NOINLINE EXPORT ULONGLONG NTAPI HalpReadDr7(VOID) {
  ULONGLONG value;
  __asm__ volatile("movq %%dr7, %0" : "=r"(value));
  return value;
}

NOINLINE EXPORT VOID NTAPI HalpSetXcr0(ULONGLONG mask) {
  __asm__ volatile("xsetbv" : : "c"(0), "a"((ULONG)mask), "d"((ULONG)(mask >> 32)));
}

NOINLINE EXPORT VOID NTAPI DbgBreakPointWithStatus(ULONG status) { __asm__ volatile("int3" : : "a"(status)); }

/* Per-processor set-up at boot: every privileged routine above is called from here. */
NOINLINE EXPORT VOID NTAPI HalpProcessorInit(ULONG number) {
  ULONG regs[4];
  HalpCpuidQuery(1, 0, regs);
  HalpWriteMsr(0x1b /* IA32_APIC_BASE */, HalpReadMsr(0x1b) | 0x800);
  if (regs[2] & (1u << 26)) HalpSetXcr0(0x7);
  HalpWriteCr4(0x350ef8);
  HalpWriteCr0(0x80050033);
  HalPerformanceCounterFrequency = HalpQueryTsc() + HalpQueryPerformanceCounter(number) + HalpReadDr7();
}

NOINLINE EXPORT NTSTATUS NTAPI HalInitSystem(ULONG phase, PVOID loaderBlock) {
  HalpProcessorInit(phase);
  HalRequestSoftwareInterrupt((UCHAR)phase);
  HalpWritePortUchar(0x80, (UCHAR)phase);
  if (HalpReadPortUchar(0x64) & 1) DbgBreakPointWithStatus(phase);
  return HalpCmosRead(0x0b) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
