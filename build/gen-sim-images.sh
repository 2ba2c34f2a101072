#!/usr/bin/env bash
# Builds the simulated debuggee's module images (PE + PDB) from simulator/images/src with Debian's
# clang and lld-link (apt-get install clang lld llvm), then records what llvm-pdbutil reads from
# each PDB (simulator/images/expected/*.json) as an independent oracle for our PDB reader's tests.
# The outputs are committed; rerun after editing the C sources. Reproducible: /Brepro and
# path-independent debug info give the same bytes (and the same PDB GUID) on every run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/simulator/images/src"
out="$root/simulator/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for tool in clang lld-link llvm-pdbutil; do
  command -v "$tool" >/dev/null || { echo "gen-sim-images: '$tool' is missing; apt-get install clang lld llvm" >&2; exit 1; }
done

# name  output-file  pdb-name  preferred-base  entry  subsystem  image-kind
images=(
  "ntoskrnl ntoskrnl.exe ntkrnlmp.pdb 0xfffff80163a00000 KiSystemStartup native exe"
  "hal hal.dll hal.pdb 0xfffff80164a00000 HalInitSystem native dll"
  "hyperkd hyperkd.sys hyperkd.pdb 0xfffff80170a00000 DriverEntry native exe"
  "hyperhv hyperhv.sys hyperhv.pdb 0xfffff80170b00000 DriverEntry native exe"
  "ntdll ntdll.dll ntdll.pdb 0x7ffc3d5a0000 DllMain console dll"
)
cd "$src"
for spec in "${images[@]}"; do
  read -r name file pdb base entry subsystem kind <<<"$spec"
  # Every kernel type goes into the kernel's PDB (as in ntkrnlmp.pdb); the others keep what they use.
  types=()
  if [ "$name" = ntoskrnl ]; then types=(-fno-eliminate-unused-debug-types); fi
  clang --target=x86_64-pc-windows-msvc -O1 -g -gcodeview "${types[@]}" \
    -ffunction-sections -fno-stack-protector -ffile-compilation-dir=. -ffreestanding -mno-red-zone -Wall -Werror \
    -Wno-unused-function -c "$name.c" -o "$work/$name.obj"
  # lld records object paths in the PDB: link from the work folder under a fixed source path
  # so the bytes (and the content-hash GUID) do not depend on where the repository lies.
  extra=()
  if [ "$kind" = dll ]; then extra+=(/dll); fi
  (cd "$work" && lld-link /nologo /machine:x64 /nodefaultlib /subsystem:"$subsystem" /entry:"$entry" /base:"$base" \
    /debug /pdb:"$pdb" /pdbaltpath:"$pdb" /out:"$file" /Brepro /opt:noref /opt:noicf \
    /filealign:512 /pdbsourcepath:'C:\sim' "${extra[@]}" "$name.obj")
  mv "$work/$file" "$work/$pdb" "$out/"
done
cd "$root"
npx tsx build/pdbutil-oracle.ts "$out"
