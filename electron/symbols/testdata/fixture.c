/* Source of the fixture PDB used by the PDB reader tests (see make-fixture.sh). */
int GlobalCounter = 5;
const char BannerText[] = "hds";

__declspec(dllexport) int ExAllocateFixture(int size) { return size * 2 + GlobalCounter; }
__declspec(dllexport) int HelperAdd(int a, int b) { return a + b; }
static int internal_helper(int x) { return x ^ 0x55; }
__declspec(dllexport) int UsesInternal(int x) { return internal_helper(x) + BannerText[0]; }

/* A kernel-like structure for dt/struct: anonymous unions and structures (flattened in CodeView),
   a bitfield run with an unnamed gap, a member of an unnamed structure type with internal
   padding, an enum member, an array, a pointer and trailing padding. */
typedef enum _FIXTURE_MODE { FixtureKernel = 0, FixtureUser = 1, FixtureMaximum = 2 } FIXTURE_MODE;
typedef struct _FIXTURE_ENTRY { struct _FIXTURE_ENTRY *Next; unsigned short Tag[4]; } FIXTURE_ENTRY;
typedef struct _FIXTURE_NESTED {
  unsigned long Header;
  union {
    unsigned long Flags;
    struct {
      unsigned long Active : 1;
      unsigned long Mode : 3;
      unsigned long : 4;
      unsigned long Spare : 24;
    };
  };
  union {
    void *Pointer;
    unsigned __int64 Value;
  };
  FIXTURE_ENTRY Entry;
  struct {
    unsigned char Kind;
    unsigned short Count;
  } Named;
  FIXTURE_MODE Kind;
  unsigned char Tail;
} FIXTURE_NESTED;
__declspec(dllexport) FIXTURE_NESTED FixtureNested;
