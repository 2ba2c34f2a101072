/* A named-pipe server with a single instance, as VMware and Hyper-V expose a VM's serial port:
 * once one client is connected, every other client gets ERROR_PIPE_BUSY. Used by the Wine smoke
 * set to check that `hds connect pipe:...` says the pipe is busy instead of blaming the VM.
 *   busy-pipe.exe \\.\pipe\NAME      (prints READY once the pipe exists; exits when stdin closes) */
#include <windows.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: busy-pipe.exe \\\\.\\pipe\\NAME\n");
    return 2;
  }
  HANDLE pipe = CreateNamedPipeA(argv[1], PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT,
                                 1, 4096, 4096, 0, NULL);
  if (pipe == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "CreateNamedPipe failed: %lu\n", GetLastError());
    return 1;
  }
  printf("READY\n");
  fflush(stdout);
  if (!ConnectNamedPipe(pipe, NULL) && GetLastError() != ERROR_PIPE_CONNECTED) {
    fprintf(stderr, "ConnectNamedPipe failed: %lu\n", GetLastError());
    return 1;
  }
  printf("CONNECTED\n");
  fflush(stdout);
  /* Hold the only instance until told to stop (stdin closes or reads a line). */
  char line[16];
  fgets(line, sizeof line, stdin);
  CloseHandle(pipe);
  return 0;
}
