/*
 * Kernel structures of the simulated Windows 10 (22H2-like) kernel. The layouts are plausible,
 * not copies: the fields the debugger and the simulator use (ActiveProcessLinks, UniqueProcessId,
 * ImageFileName, ThreadListHead, Cid, ThreadListEntry, the loader lists) sit where the 22H2 kernel
 * has them; the regions between them are named reserved blocks. The simulator reads every offset
 * from the PDB built from this header, never from constants.
 */
#ifndef SIM_NT_TYPES_H
#define SIM_NT_TYPES_H

typedef unsigned char UCHAR, BOOLEAN;
typedef char CHAR;
typedef unsigned short USHORT;
typedef short SHORT;
typedef unsigned short WCHAR;
typedef unsigned long ULONG;
typedef long LONG, NTSTATUS;
typedef unsigned long long ULONGLONG, ULONG_PTR, SIZE_T, KAFFINITY;
typedef long long LONGLONG;
typedef void VOID, *PVOID, *HANDLE;

typedef struct _LIST_ENTRY {
  struct _LIST_ENTRY *Flink;
  struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
  struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY;

typedef struct _UNICODE_STRING {
  USHORT Length;
  USHORT MaximumLength;
  WCHAR *Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

typedef struct _CLIENT_ID {
  HANDLE UniqueProcess;
  HANDLE UniqueThread;
} CLIENT_ID;

typedef union _LARGE_INTEGER {
  struct {
    ULONG LowPart;
    LONG HighPart;
  };
  struct {
    ULONG LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER;

typedef struct _EX_PUSH_LOCK {
  union {
    struct {
      ULONGLONG Locked : 1;
      ULONGLONG Waiting : 1;
      ULONGLONG Waking : 1;
      ULONGLONG MultipleShared : 1;
      ULONGLONG Shared : 60;
    };
    ULONGLONG Value;
    VOID *Ptr;
  };
} EX_PUSH_LOCK;

typedef struct _EX_RUNDOWN_REF {
  union {
    ULONGLONG Count;
    VOID *Ptr;
  };
} EX_RUNDOWN_REF;

typedef struct _DISPATCHER_HEADER {
  union {
    volatile LONG Lock;
    LONG LockNV;
    struct {
      UCHAR Type;
      UCHAR Signalling;
      UCHAR Size;
      UCHAR Reserved1;
    };
  };
  LONG SignalState;
  LIST_ENTRY WaitListHead;
} DISPATCHER_HEADER;

typedef enum _KTHREAD_STATE {
  Initialized = 0,
  Ready = 1,
  Running = 2,
  Standby = 3,
  Terminated = 4,
  Waiting = 5,
  Transition = 6,
  DeferredReady = 7,
  GateWaitObsolete = 8,
  WaitingForProcessInSwap = 9
} KTHREAD_STATE;

typedef enum _POOL_TYPE {
  NonPagedPool = 0,
  PagedPool = 1,
  NonPagedPoolMustSucceed = 2,
  NonPagedPoolCacheAligned = 4,
  PagedPoolCacheAligned = 5,
  NonPagedPoolNx = 512,
  NonPagedPoolSessionNx = 544
} POOL_TYPE;

typedef struct _KAFFINITY_EX {
  USHORT Count;
  USHORT Size;
  ULONG Reserved;
  KAFFINITY Bitmap[20];
} KAFFINITY_EX;

typedef struct _KPROCESS {
  DISPATCHER_HEADER Header;               /* 0x000 */
  LIST_ENTRY ProfileListHead;             /* 0x018 */
  ULONGLONG DirectoryTableBase;           /* 0x028 */
  LIST_ENTRY ThreadListHead;              /* 0x030 */
  ULONG ProcessLock;                      /* 0x040 */
  ULONG ProcessTimerDelay;                /* 0x044 */
  ULONGLONG DeepFreezeStartTime;          /* 0x048 */
  KAFFINITY_EX Affinity;                  /* 0x050 */
  ULONGLONG AffinityPadding[12];          /* 0x0f8 */
  LIST_ENTRY ReadyListHead;               /* 0x158 */
  SINGLE_LIST_ENTRY SwapListEntry;        /* 0x168 */
  KAFFINITY_EX ActiveProcessors;          /* 0x170 */
  ULONGLONG ActiveProcessorsPadding[12];  /* 0x218 */
  union {                                 /* 0x278 */
    struct {
      ULONG AutoAlignment : 1;
      ULONG DisableBoost : 1;
      ULONG DisableQuantum : 1;
      ULONG DeepFreeze : 1;
      ULONG TimerVirtualization : 1;
      ULONG CheckStackExtents : 1;
      ULONG CacheIsolationEnabled : 1;
      ULONG PpmPolicy : 3;
      ULONG VaSpaceDeleted : 1;
      ULONG ReservedFlags : 21;
    };
    volatile LONG ProcessFlags;
  };
  ULONG ActiveGroupsMask;                 /* 0x27c */
  CHAR BasePriority;                      /* 0x280 */
  CHAR QuantumReset;                      /* 0x281 */
  CHAR Visited;                           /* 0x282 */
  UCHAR Flags;                            /* 0x283 */
  USHORT ThreadSeed[20];                  /* 0x284 */
  USHORT IdealProcessor[20];              /* 0x2ac */
  USHORT IdealNode[20];                   /* 0x2d4 */
  USHORT IdealGlobalNode;                 /* 0x2fc */
  USHORT Spare1;                          /* 0x2fe */
  UCHAR StackCountAndState[8];            /* 0x300 */
  LIST_ENTRY ProcessListEntry;            /* 0x308 */
  ULONGLONG CycleTime;                    /* 0x318 */
  ULONGLONG ContextSwitches;              /* 0x320 */
  VOID *SchedulingGroup;                  /* 0x328 */
  ULONG FreezeCount;                      /* 0x330 */
  ULONG KernelTime;                       /* 0x334 */
  ULONG UserTime;                         /* 0x338 */
  ULONG ReadyTime;                        /* 0x33c */
  ULONGLONG UserDirectoryTableBase;       /* 0x340 */
  UCHAR AddressPolicy;                    /* 0x348 */
  UCHAR Spare2[71];                       /* 0x349 */
  VOID *InstrumentationCallback;          /* 0x390 */
  ULONGLONG SecureState;                  /* 0x398 */
  ULONGLONG KernelWaitTime;               /* 0x3a0 */
  ULONGLONG UserWaitTime;                 /* 0x3a8 */
  ULONGLONG EndPadding[17];               /* 0x3b0 */
} KPROCESS;                               /* 0x438 */

struct _PEB;
struct _ETHREAD;

typedef struct _EPROCESS {
  KPROCESS Pcb;                           /* 0x000 */
  EX_PUSH_LOCK ProcessLock;               /* 0x438 */
  VOID *UniqueProcessId;                  /* 0x440 */
  LIST_ENTRY ActiveProcessLinks;          /* 0x448 */
  EX_RUNDOWN_REF RundownProtect;          /* 0x458 */
  union {                                 /* 0x460 */
    ULONG Flags2;
    struct {
      ULONG JobNotReallyActive : 1;
      ULONG AccountingFolded : 1;
      ULONG NewProcessReported : 1;
      ULONG ExitProcessReported : 1;
      ULONG ReportCommitChanges : 1;
      ULONG LastReportMemory : 1;
      ULONG ForceWakeCharge : 1;
      ULONG CrossSessionCreate : 1;
      ULONG NeedsHandleRundown : 1;
      ULONG RefTraceEnabled : 1;
      ULONG PicoCreated : 1;
      ULONG EmptyJobEvaluated : 1;
      ULONG DefaultPagePriority : 3;
      ULONG PrimaryTokenFrozen : 1;
      ULONG ProcessVerifierTarget : 1;
      ULONG RestrictSetThreadContext : 1;
      ULONG AffinityPermanent : 1;
      ULONG AffinityUpdateEnable : 1;
      ULONG PropagateNode : 1;
      ULONG ExplicitAffinity : 1;
      ULONG ProcessExecutionState : 2;
      ULONG EnableReadVmLogging : 1;
      ULONG EnableWriteVmLogging : 1;
      ULONG FatalAccessTerminationRequested : 1;
      ULONG DisableSystemAllowedCpuSet : 1;
      ULONG ProcessStateChangeRequest : 2;
      ULONG ProcessStateChangeInProgress : 1;
      ULONG InPrivate : 1;
    };
  };
  union {                                 /* 0x464 */
    ULONG Flags;
    struct {
      ULONG CreateReported : 1;
      ULONG NoDebugInherit : 1;
      ULONG ProcessExiting : 1;
      ULONG ProcessDelete : 1;
      ULONG ManageExecutableMemoryWrites : 1;
      ULONG VmDeleted : 1;
      ULONG OutswapEnabled : 1;
      ULONG Outswapped : 1;
      ULONG FailFastOnCommitFail : 1;
      ULONG Wow64VaSpace4Gb : 1;
      ULONG AddressSpaceInitialized : 2;
      ULONG SetTimerResolution : 1;
      ULONG BreakOnTermination : 1;
      ULONG DeprioritizeViews : 1;
      ULONG WriteWatch : 1;
      ULONG ProcessInSession : 1;
      ULONG OverrideAddressSpace : 1;
      ULONG HasAddressSpace : 1;
      ULONG LaunchPrefetched : 1;
      ULONG Background : 1;
      ULONG VmTopDown : 1;
      ULONG ImageNotifyDone : 1;
      ULONG PdeUpdateNeeded : 1;
      ULONG VdmAllowed : 1;
      ULONG ProcessRundown : 1;
      ULONG ProcessInserted : 1;
      ULONG DefaultIoPriority : 3;
      ULONG ProcessSelfDelete : 1;
      ULONG SetTimerResolutionLink : 1;
    };
  };
  LARGE_INTEGER CreateTime;               /* 0x468 */
  ULONGLONG ProcessQuotaUsage[2];         /* 0x470 */
  ULONGLONG ProcessQuotaPeak[2];          /* 0x480 */
  ULONGLONG PeakVirtualSize;              /* 0x490 */
  ULONGLONG VirtualSize;                  /* 0x498 */
  LIST_ENTRY SessionProcessLinks;         /* 0x4a0 */
  VOID *ExceptionPortData;                /* 0x4b0 */
  ULONGLONG Token;                        /* 0x4b8 */
  ULONGLONG MmReserved;                   /* 0x4c0 */
  EX_PUSH_LOCK AddressCreationLock;       /* 0x4c8 */
  EX_PUSH_LOCK PageTableCommitmentLock;   /* 0x4d0 */
  struct _ETHREAD *RotateInProgress;      /* 0x4d8 */
  struct _ETHREAD *ForkInProgress;        /* 0x4e0 */
  VOID *CommitChargeJob;                  /* 0x4e8 */
  ULONGLONG CloneRoot;                    /* 0x4f0 */
  ULONGLONG NumberOfPrivatePages;         /* 0x4f8 */
  ULONGLONG NumberOfLockedPages;          /* 0x500 */
  VOID *Win32Process;                     /* 0x508 */
  VOID *Job;                              /* 0x510 */
  VOID *SectionObject;                    /* 0x518 */
  VOID *SectionBaseAddress;               /* 0x520 */
  ULONG Cookie;                           /* 0x528 */
  ULONG Spare8;                           /* 0x52c */
  VOID *WorkingSetWatch;                  /* 0x530 */
  VOID *Win32WindowStation;               /* 0x538 */
  VOID *InheritedFromUniqueProcessId;     /* 0x540 */
  ULONGLONG OwnerProcessId;               /* 0x548 */
  struct _PEB *Peb;                       /* 0x550 */
  VOID *Session;                          /* 0x558 */
  VOID *Spare1;                           /* 0x560 */
  VOID *QuotaBlock;                       /* 0x568 */
  VOID *ObjectTable;                      /* 0x570 */
  VOID *DebugPort;                        /* 0x578 */
  VOID *WoW64Process;                     /* 0x580 */
  VOID *DeviceMap;                        /* 0x588 */
  VOID *EtwDataSource;                    /* 0x590 */
  ULONGLONG PageDirectoryPte;             /* 0x598 */
  VOID *ImageFilePointer;                 /* 0x5a0 */
  UCHAR ImageFileName[15];                /* 0x5a8 */
  UCHAR PriorityClass;                    /* 0x5b7 */
  VOID *SecurityPort;                     /* 0x5b8 */
  ULONGLONG SeAuditProcessCreationInfo;   /* 0x5c0 */
  LIST_ENTRY JobLinks;                    /* 0x5c8 */
  VOID *HighestUserAddress;               /* 0x5d8 */
  LIST_ENTRY ThreadListHead;              /* 0x5e0 */
  volatile ULONG ActiveThreads;           /* 0x5f0 */
  ULONG ImagePathHash;                    /* 0x5f4 */
  ULONG DefaultHardErrorProcessing;       /* 0x5f8 */
  LONG LastThreadExitStatus;              /* 0x5fc */
  ULONGLONG Reserved[0x88];               /* 0x600 */
} EPROCESS;                               /* 0xa40 */

typedef struct _KTHREAD {
  DISPATCHER_HEADER Header;               /* 0x000 */
  VOID *SListFaultAddress;                /* 0x018 */
  ULONGLONG QuantumTarget;                /* 0x020 */
  VOID *InitialStack;                     /* 0x028 */
  VOID *volatile StackLimit;              /* 0x030 */
  VOID *StackBase;                        /* 0x038 */
  ULONGLONG ThreadLock;                   /* 0x040 */
  volatile ULONGLONG CycleTime;           /* 0x048 */
  ULONG CurrentRunTime;                   /* 0x050 */
  ULONG ExpectedRunTime;                  /* 0x054 */
  VOID *KernelStack;                      /* 0x058 */
  VOID *StateSaveArea;                    /* 0x060 */
  VOID *volatile SchedulingGroup;         /* 0x068 */
  UCHAR WaitRegister;                     /* 0x070 */
  volatile UCHAR Running;                 /* 0x071 */
  UCHAR Alerted[2];                       /* 0x072 */
  union {                                 /* 0x074 */
    struct {
      ULONG AutoBoostActive : 1;
      ULONG ReadyTransition : 1;
      ULONG WaitNext : 1;
      ULONG SystemAffinityActive : 1;
      ULONG Alertable : 1;
      ULONG UserStackWalkActive : 1;
      ULONG ApcInterruptRequest : 1;
      ULONG QuantumEndMigrate : 1;
      ULONG UmsDirectedSwitchEnable : 1;
      ULONG TimerActive : 1;
      ULONG SystemThread : 1;
      ULONG ProcessDetachActive : 1;
      ULONG CalloutActive : 1;
      ULONG ScbReadyQueue : 1;
      ULONG ApcQueueable : 1;
      ULONG ReservedStackInUse : 1;
      ULONG UmsPerformingSyscall : 1;
      ULONG TimerSuspended : 1;
      ULONG SuspendedWaitMode : 1;
      ULONG SuspendSchedulerApcWait : 1;
      ULONG CetUserShadowStack : 1;
      ULONG BypassProcessFreeze : 1;
      ULONG Reserved : 10;
    };
    LONG MiscFlags;
  };
  ULONG ThreadFlags;                      /* 0x078 */
  UCHAR Tag;                              /* 0x07c */
  UCHAR SystemHeteroCpuPolicy;            /* 0x07d */
  UCHAR UserHeteroCpuPolicy;              /* 0x07e */
  UCHAR SpecCtrl;                         /* 0x07f */
  ULONG SystemCallNumber;                 /* 0x080 */
  ULONG ReadyTime;                        /* 0x084 */
  VOID *FirstArgument;                    /* 0x088 */
  VOID *TrapFrame;                        /* 0x090 */
  UCHAR ApcState[0x30];                   /* 0x098 */
  LONGLONG WaitStatus;                    /* 0x0c8 */
  VOID *WaitBlockList;                    /* 0x0d0 */
  LIST_ENTRY WaitListEntry;               /* 0x0d8 */
  VOID *Queue;                            /* 0x0e8 */
  VOID *Teb;                              /* 0x0f0 */
  ULONGLONG RelativeTimerBias;            /* 0x0f8 */
  UCHAR Timer[0x40];                      /* 0x100 */
  UCHAR WaitBlock[0xc0];                  /* 0x140 */
  UCHAR State;                            /* 0x200 */
  CHAR Saturation;                        /* 0x201 */
  UCHAR ThreadPadding[0x1e];              /* 0x202 */
  struct _KPROCESS *Process;              /* 0x220 */
  UCHAR UserAffinity[0x10];               /* 0x228 */
  VOID *Win32Thread;                      /* 0x238 */
  UCHAR Reserved2[0xb0];                  /* 0x240 */
  LIST_ENTRY ThreadListEntry;             /* 0x2f0 */
  UCHAR Reserved3[0x130];                 /* 0x300 */
} KTHREAD;                                /* 0x430 */

typedef struct _ETHREAD {
  KTHREAD Tcb;                            /* 0x000 */
  LARGE_INTEGER CreateTime;               /* 0x430 */
  union {                                 /* 0x438 */
    LARGE_INTEGER ExitTime;
    LIST_ENTRY KeyedWaitChain;
  };
  union {                                 /* 0x448 */
    LIST_ENTRY PostBlockList;
    struct {
      VOID *ForwardLinkShadow;
      VOID *StartAddress;
    };
  };
  union {                                 /* 0x458 */
    VOID *TerminationPort;
    struct _ETHREAD *ReaperLink;
    VOID *KeyedWaitValue;
  };
  ULONGLONG ActiveTimerListLock;          /* 0x460 */
  LIST_ENTRY ActiveTimerListHead;         /* 0x468 */
  CLIENT_ID Cid;                          /* 0x478 */
  UCHAR KeyedWaitSemaphore[0x20];         /* 0x488 */
  VOID *ClientSecurity;                   /* 0x4a8 */
  LIST_ENTRY IrpList;                     /* 0x4b0 */
  ULONGLONG TopLevelIrp;                  /* 0x4c0 */
  VOID *DeviceToVerify;                   /* 0x4c8 */
  VOID *Win32StartAddress;                /* 0x4d0 */
  VOID *ChargeOnlySession;                /* 0x4d8 */
  VOID *LegacyPowerObject;                /* 0x4e0 */
  LIST_ENTRY ThreadListEntry;             /* 0x4e8 */
  EX_RUNDOWN_REF RundownProtect;          /* 0x4f8 */
  EX_PUSH_LOCK ThreadLock;                /* 0x500 */
  ULONG ReadClusterSize;                  /* 0x508 */
  volatile LONG MmLockOrdering;           /* 0x50c */
  union {                                 /* 0x510 */
    ULONG CrossThreadFlags;
    struct {
      ULONG Terminated : 1;
      ULONG ThreadInserted : 1;
      ULONG HideFromDebugger : 1;
      ULONG ActiveImpersonationInfo : 1;
      ULONG HardErrorsAreDisabled : 1;
      ULONG BreakOnTermination : 1;
      ULONG SkipCreationMsg : 1;
      ULONG SkipTerminationMsg : 1;
      ULONG CopyTokenOnOpen : 1;
      ULONG ThreadIoPriority : 3;
      ULONG ThreadPagePriority : 3;
      ULONG RundownFail : 1;
      ULONG UmsForceQueueTermination : 1;
      ULONG IndirectCpuSets : 1;
      ULONG DisableDynamicCodeOptOut : 1;
      ULONG ExplicitCaseSensitivity : 1;
      ULONG PicoNotifyExit : 1;
      ULONG DbgWerUserReportActive : 1;
      ULONG ForcedSelfTrimActive : 1;
      ULONG SamplingCoverage : 1;
      ULONG ReservedCrossThreadFlags : 8;
    };
  };
  ULONGLONG Reserved[0x4c];               /* 0x518 */
  ULONGLONG Tail[0x1];                    /* 0x778 */
  UCHAR EndPadding[0x118];                /* 0x780 */
} ETHREAD;                                /* 0x898 */

typedef struct _PEB_LDR_DATA {
  ULONG Length;                           /* 0x000 */
  UCHAR Initialized;                      /* 0x004 */
  VOID *SsHandle;                         /* 0x008 */
  LIST_ENTRY InLoadOrderModuleList;       /* 0x010 */
  LIST_ENTRY InMemoryOrderModuleList;     /* 0x020 */
  LIST_ENTRY InInitializationOrderModuleList; /* 0x030 */
  VOID *EntryInProgress;                  /* 0x040 */
  UCHAR ShutdownInProgress;               /* 0x048 */
  VOID *ShutdownThreadId;                 /* 0x050 */
} PEB_LDR_DATA;                           /* 0x058 */

typedef struct _PEB {
  UCHAR InheritedAddressSpace;            /* 0x000 */
  UCHAR ReadImageFileExecOptions;         /* 0x001 */
  UCHAR BeingDebugged;                    /* 0x002 */
  union {                                 /* 0x003 */
    UCHAR BitField;
    struct {
      UCHAR ImageUsesLargePages : 1;
      UCHAR IsProtectedProcess : 1;
      UCHAR IsImageDynamicallyRelocated : 1;
      UCHAR SkipPatchingUser32Forwarders : 1;
      UCHAR IsPackagedProcess : 1;
      UCHAR IsAppContainer : 1;
      UCHAR IsProtectedProcessLight : 1;
      UCHAR IsLongPathAwareProcess : 1;
    };
  };
  UCHAR Padding0[4];                      /* 0x004 */
  VOID *Mutant;                           /* 0x008 */
  VOID *ImageBaseAddress;                 /* 0x010 */
  PEB_LDR_DATA *Ldr;                      /* 0x018 */
  VOID *ProcessParameters;                /* 0x020 */
  VOID *SubSystemData;                    /* 0x028 */
  VOID *ProcessHeap;                      /* 0x030 */
  ULONGLONG Reserved[0x3c];               /* 0x038 */
  ULONG NumberOfProcessors;               /* 0x218 */
  ULONG NtGlobalFlag;                     /* 0x21c */
} PEB;                                    /* 0x220 */

typedef struct _LDR_DATA_TABLE_ENTRY {
  LIST_ENTRY InLoadOrderLinks;            /* 0x000 */
  LIST_ENTRY InMemoryOrderLinks;          /* 0x010 */
  LIST_ENTRY InInitializationOrderLinks;  /* 0x020 */
  VOID *DllBase;                          /* 0x030 */
  VOID *EntryPoint;                       /* 0x038 */
  ULONG SizeOfImage;                      /* 0x040 */
  UNICODE_STRING FullDllName;             /* 0x048 */
  UNICODE_STRING BaseDllName;             /* 0x058 */
  union {                                 /* 0x068 */
    UCHAR FlagGroup[4];
    ULONG Flags;
    struct {
      ULONG PackagedBinary : 1;
      ULONG MarkedForRemoval : 1;
      ULONG ImageDll : 1;
      ULONG LoadNotificationsSent : 1;
      ULONG TelemetryEntryProcessed : 1;
      ULONG ProcessStaticImport : 1;
      ULONG InLegacyLists : 1;
      ULONG InIndexes : 1;
      ULONG ShimDll : 1;
      ULONG InExceptionTable : 1;
      ULONG ReservedFlags1 : 2;
      ULONG LoadInProgress : 1;
      ULONG LoadConfigProcessed : 1;
      ULONG EntryProcessed : 1;
      ULONG ProtectDelayLoad : 1;
      ULONG ReservedFlags3 : 2;
      ULONG DontCallForThreads : 1;
      ULONG ProcessAttachCalled : 1;
      ULONG ProcessAttachFailed : 1;
      ULONG CorDeferredValidate : 1;
      ULONG CorImage : 1;
      ULONG DontRelocate : 1;
      ULONG CorILOnly : 1;
      ULONG ChpeImage : 1;
      ULONG ReservedFlags5 : 2;
      ULONG Redirected : 1;
      ULONG ReservedFlags6 : 2;
      ULONG CompatDatabaseProcessed : 1;
    };
  };
  USHORT ObsoleteLoadCount;               /* 0x06c */
  USHORT TlsIndex;                        /* 0x06e */
  LIST_ENTRY HashLinks;                   /* 0x070 */
  ULONG TimeDateStamp;                    /* 0x080 */
} LDR_DATA_TABLE_ENTRY;                   /* 0x088 */

typedef struct _KLDR_DATA_TABLE_ENTRY {
  LIST_ENTRY InLoadOrderLinks;            /* 0x000 */
  VOID *ExceptionTable;                   /* 0x010 */
  ULONG ExceptionTableSize;               /* 0x018 */
  VOID *GpValue;                          /* 0x020 */
  VOID *NonPagedDebugInfo;                /* 0x028 */
  VOID *DllBase;                          /* 0x030 */
  VOID *EntryPoint;                       /* 0x038 */
  ULONG SizeOfImage;                      /* 0x040 */
  UNICODE_STRING FullDllName;             /* 0x048 */
  UNICODE_STRING BaseDllName;             /* 0x058 */
  ULONG Flags;                            /* 0x068 */
  USHORT LoadCount;                       /* 0x06c */
  union {                                 /* 0x06e */
    struct {
      USHORT SignatureLevel : 4;
      USHORT SignatureType : 3;
      USHORT Unused : 9;
    };
    USHORT EntireField;
  } u1;
  VOID *SectionPointer;                   /* 0x070 */
  ULONG CheckSum;                         /* 0x078 */
  ULONG CoverageSectionSize;              /* 0x07c */
  VOID *CoverageSection;                  /* 0x080 */
  VOID *LoadedImports;                    /* 0x088 */
  VOID *Spare;                            /* 0x090 */
  ULONG SizeOfImageNotRounded;            /* 0x098 */
  ULONG TimeDateStamp;                    /* 0x09c */
} KLDR_DATA_TABLE_ENTRY;                  /* 0x0a0 */

/* Compile-time checks that the layouts above are the ones their comments promise. */
#define SIM_CHECK(name, cond) typedef char sim_check_##name[(cond) ? 1 : -1]
SIM_CHECK(kprocess_size, sizeof(KPROCESS) == 0x438);
SIM_CHECK(eprocess_links, __builtin_offsetof(EPROCESS, ActiveProcessLinks) == 0x448);
SIM_CHECK(eprocess_pid, __builtin_offsetof(EPROCESS, UniqueProcessId) == 0x440);
SIM_CHECK(eprocess_name, __builtin_offsetof(EPROCESS, ImageFileName) == 0x5a8);
SIM_CHECK(eprocess_peb, __builtin_offsetof(EPROCESS, Peb) == 0x550);
SIM_CHECK(eprocess_threads, __builtin_offsetof(EPROCESS, ThreadListHead) == 0x5e0);
SIM_CHECK(eprocess_size, sizeof(EPROCESS) == 0xa40);
SIM_CHECK(kthread_size, sizeof(KTHREAD) == 0x430);
SIM_CHECK(ethread_cid, __builtin_offsetof(ETHREAD, Cid) == 0x478);
SIM_CHECK(ethread_links, __builtin_offsetof(ETHREAD, ThreadListEntry) == 0x4e8);
SIM_CHECK(ethread_size, sizeof(ETHREAD) == 0x898);
SIM_CHECK(peb_size, sizeof(PEB) == 0x220);
SIM_CHECK(kldr_size, sizeof(KLDR_DATA_TABLE_ENTRY) == 0xa0);

#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000DL)
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009AL)
#define NTAPI
#define NOINLINE __declspec(noinline)
#define EXPORT __declspec(dllexport)

#endif
