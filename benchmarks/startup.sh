#!/usr/bin/env bash
# Start-up cost of each way to decorate: the sample's time to first prediction
# (dev.decor.examples.StartupProbe) with
#   generated     the processor's DecoratedClassifierService, classes as javac wrote them
#   ctw           ClassifierService woven at build time (ajc), no agent
#   ltw           ClassifierService woven at load time: javac's classes + -javaagent (decor's aop.xml)
#   ltw-scoped    the same with the application's own aop.xml: <include within="dev.decor.examples..*"/>
#   ltw-cache     ltw with AspectJ's weaving cache (filled by the mode's warm-up run)
# Each mode runs RUNS times (default 5) after one warm-up run; every run prints the probe's line
# (milliseconds from JVM start to the first prediction) and the process's user + sys CPU seconds.
#
#   benchmarks/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=benchmarks/target/startup
rm -rf "$work" && mkdir -p "$work/scoped/META-INF"

# javac's classes (the compile phase comes before ajc's process-classes), then the woven ones.
mvn -B -q -pl examples -am compile -DskipTests
cp -r examples/target/classes "$work/javac-classes"
mvn -B -q -pl examples -am process-classes dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$work/classpath.txt" -DskipTests
cp -r examples/target/classes "$work/ctw-classes"
# The weaver of the version the build weaves with (the parent pom's aspectj.version).
aspectj=$(sed -n 's:.*<aspectj.version>\(.*\)</aspectj.version>.*:\1:p' pom.xml)
mvn -B -q dependency:copy -Dartifact="org.aspectj:aspectjweaver:$aspectj" -DoutputDirectory="$work"
agent=$work/aspectjweaver-$aspectj.jar
cat > "$work/scoped/META-INF/aop.xml" <<'EOF'
<aspectj>
  <weaver>
    <include within="dev.decor.examples..*"/>
  </weaver>
</aspectj>
EOF

cp=$(cat "$work/classpath.txt")
jvm=(--enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1
  -Dai.djl.pytorch.num_interop_threads=1)
declare -A modes=(
  [generated]="-cp $work/javac-classes:$cp dev.decor.examples.StartupProbe generated"
  [ctw]="-cp $work/ctw-classes:$cp dev.decor.examples.StartupProbe woven"
  [ltw]="-javaagent:$agent -cp $work/javac-classes:$cp dev.decor.examples.StartupProbe woven"
  [ltw-scoped]="-javaagent:$agent -cp $work/scoped:$work/javac-classes:$cp dev.decor.examples.StartupProbe woven"
  [ltw-cache]="-javaagent:$agent -Daj.weaving.cache.enabled=true -Daj.weaving.cache.dir=$work/ajcache -cp $work/javac-classes:$cp dev.decor.examples.StartupProbe woven"
)
echo "load before: $(uptime)"
for mode in generated ctw ltw ltw-scoped ltw-cache; do
  for ((i = 0; i <= runs; i++)); do
    # shellcheck disable=SC2086
    line=$(/usr/bin/time -f "cpu %U+%S s" java "${jvm[@]}" ${modes[$mode]} 2>&1 \
      | grep -E '^first prediction|^cpu' | tr '\n' ' ')
    [[ $i == 0 ]] && continue # warm-up (file cache)
    echo "$mode: $line"
  done
done
echo "load after: $(uptime)"
