/* The simulated hyperkd.sys: the debugger driver's dispatch paths, built as a native driver. */
#include "nt-types.h"

ULONG g_KdBreakRequests;
ULONGLONG g_EventTag;

NOINLINE EXPORT ULONG NTAPI DebuggerTriggerEvents(ULONG eventType, ULONG stage, PVOID context) {
  g_EventTag++;
  return eventType ^ stage;
}

NOINLINE EXPORT VOID NTAPI KdDispatchAndPerformCommandsFromDebugger(ULONG core, PVOID regs) {
  g_KdBreakRequests++;
  DebuggerTriggerEvents(core, 0, regs);
}

NOINLINE EXPORT NTSTATUS NTAPI KdHandleBreakpointAndDebugBreakpoints(ULONG core, PVOID regs) {
  KdDispatchAndPerformCommandsFromDebugger(core, regs);
  return STATUS_SUCCESS;
}

NOINLINE EXPORT NTSTATUS NTAPI DrvDispatchIoControl(PVOID device, PVOID irp) {
  if (!irp) return STATUS_INVALID_PARAMETER;
  return DebuggerTriggerEvents(0x10, 1, irp) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NOINLINE EXPORT NTSTATUS NTAPI DriverEntry(PVOID driver, UNICODE_STRING *registryPath) {
  return DrvDispatchIoControl(driver, registryPath);
}
