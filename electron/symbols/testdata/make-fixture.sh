#!/bin/sh
# Regenerates fixture.pdb (and the expected public symbols) with Debian's clang-14 and lld-14:
#   apt-get install clang-14 lld-14
set -eu
cd "$(dirname "$0")"
clang-14 --target=x86_64-pc-windows-msvc -O1 -g -gcodeview -c fixture.c -o /tmp/hds-fixture.obj
lld-link-14 /dll /noentry /nodefaultlib /debug /pdb:fixture.pdb /pdbaltpath:fixture.pdb /out:/tmp/hds-fixture.dll /tmp/hds-fixture.obj
llvm-pdbutil-14 dump -publics -section-headers fixture.pdb > fixture.publics.txt
llvm-pdbutil-14 dump -summary fixture.pdb > fixture.summary.txt
