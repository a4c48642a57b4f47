#!/usr/bin/env bash
# Builds a libFuzzer binary for one of Net's parsers:
#
#   Fuzz/build.sh NAME            # NAME: http | ws | the start of any Fuzz/<Name>Fuzz.swift
#   .build-fuzz/NAME-fuzz -max_total_time=30 .build-fuzz/NAME-corpus
#
# The target file is compiled together with every Sources/Net/**/*.swift into one module named Net, so a
# target can check internal invariants without `import Net`. Net's own code is instrumented (coverage +
# AddressSanitizer); its package dependencies are linked from a normal `swift build` of Net, uninstrumented.
# Extra swiftc flags can be passed in SWIFTC_FLAGS (default -O; use "-Onone -g" to debug a crash).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

name=${1:?usage: Fuzz/build.sh NAME (http | ws | prefix of a Fuzz/*Fuzz.swift file)}
case "$name" in
    http) source=Fuzz/HTTPRequestParserFuzz.swift ;;
    ws) source=Fuzz/WebSocketFrameParserFuzz.swift ;;
    *)
        source=$(find Fuzz -maxdepth 1 -iname "${name}*Fuzz.swift" | sort | head -n 1)
        ;;
esac
if [[ -z "$source" || ! -f "$source" ]]; then
    echo "build.sh: no fuzz target for '$name' (looked for ${source:-Fuzz/${name}*Fuzz.swift})" >&2
    exit 2
fi

swiftc=${SWIFTC:-swiftc}
out=.build-fuzz
mkdir -p "$out"

# Net imports package modules (swift-log, swift-collections). Build Net once with SwiftPM, then compile
# against its .swiftmodule files and link the dependencies' object files through one archive, which pulls in
# only the files actually referenced. Keep the module list in step with Net's dependencies in Package.swift
# (DequeModule needs the other two).
bin_dir=$(swift build --target Net --show-bin-path)
swift build --target Net >&2
dep_objects=()
for module in Logging DequeModule ContainersPreview InternalCollectionsUtilities; do
    for object in "$bin_dir/$module.build"/*.o; do
        if [[ -f "$object" ]]; then dep_objects+=("$object"); fi
    done
done
rm -f "$out/libnetdeps.a"
ar rcs "$out/libnetdeps.a" "${dep_objects[@]}"

mapfile -t net_sources < <(find Sources/Net -name '*.swift' | sort)

# shellcheck disable=SC2086  # SWIFTC_FLAGS is a list of flags on purpose
"$swiftc" -sanitize=fuzzer,address -parse-as-library -swift-version 6 \
    -module-name Net ${SWIFTC_FLAGS:--O} \
    -I Sources/CShims -Xcc -fmodule-map-file=Sources/CShims/module.modulemap \
    -I "$bin_dir/Modules" \
    "$source" "${net_sources[@]}" \
    "$out/libnetdeps.a" \
    -o "$out/$name-fuzz" 2> >(grep -v "Cannot export local symbol '__asan" >&2)

# Seed inputs checked in under Fuzz/corpus/NAME start the corpus; libFuzzer adds what it finds next to them.
mkdir -p "$out/$name-corpus"
if [[ -d "Fuzz/corpus/$name" ]]; then cp -n "Fuzz/corpus/$name"/* "$out/$name-corpus"/ 2>/dev/null || true; fi
echo "built $out/$name-fuzz; run: $out/$name-fuzz -max_total_time=30 $out/$name-corpus" >&2
