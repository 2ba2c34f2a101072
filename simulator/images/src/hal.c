/* The simulated hal.dll: port I/O, the interrupt controller and the performance counter. */
#include "nt-types.h"

ULONGLONG HalpPerformanceCounter;

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

NOINLINE EXPORT NTSTATUS NTAPI HalInitSystem(ULONG phase, PVOID loaderBlock) {
  HalRequestSoftwareInterrupt((UCHAR)phase);
  return HalpCmosRead(0x0b) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
