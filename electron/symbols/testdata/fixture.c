/* Source of the fixture PDB used by the PDB reader tests (see make-fixture.sh). */
int GlobalCounter = 5;
const char BannerText[] = "hds";

__declspec(dllexport) int ExAllocateFixture(int size) { return size * 2 + GlobalCounter; }
__declspec(dllexport) int HelperAdd(int a, int b) { return a + b; }
static int internal_helper(int x) { return x ^ 0x55; }
__declspec(dllexport) int UsesInternal(int x) { return internal_helper(x) + BannerText[0]; }
