/* The simulated ntdll.dll: system-call stubs (mov r10, rcx; mov eax, N; syscall; ret). */
#include "nt-types.h"

#define SYSCALL_STUB(name, number)                                                                 \
  __asm__(".text\n.globl " #name "\n.def " #name "; .scl 2; .type 32; .endef\n.p2align 4, 0xcc\n" #name \
          ":\n  movq %rcx, %r10\n  movl $" #number ", %eax\n  syscall\n  retq\n");                 \
  __asm__(".section .drectve\n.ascii \" /export:" #name "\"\n.text\n")

SYSCALL_STUB(NtReadFile, 0x06);
SYSCALL_STUB(NtDeviceIoControlFile, 0x07);
SYSCALL_STUB(NtWriteFile, 0x08);
SYSCALL_STUB(NtClose, 0x0f);
SYSCALL_STUB(NtQuerySystemInformation, 0x36);
SYSCALL_STUB(NtCreateFile, 0x55);

extern NTSTATUS NtClose(HANDLE handle);

NOINLINE EXPORT VOID NTAPI RtlUserThreadStart(PVOID start, PVOID argument) {
  ((VOID(*)(PVOID))start)(argument);
  NtClose(argument);
}

NOINLINE EXPORT NTSTATUS NTAPI DllMain(PVOID module, ULONG reason, PVOID reserved) { return 1; }
