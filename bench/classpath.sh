# Sourced by the bench scripts: bench_classpath NAME builds the test classes when a source is newer than
# dev.re3.bench.NAME, writes Maven's class path once (again when pom.xml changes), and sets CP.
bench_classpath() {
  local class="target/test-classes/dev/re3/bench/$1.class"
  if [ ! -f "$class" ] || [ -n "$(find src pom.xml -newer "$class" -name '*.java' -o -newer "$class" -name pom.xml | head -1)" ]; then
    echo "building test classes ..." >&2
    mvn -o -q -B test-compile >&2
  fi
  local cp_file=target/bench.classpath
  if [ ! -f "$cp_file" ] || [ pom.xml -nt "$cp_file" ]; then
    mvn -o -q -B dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
  fi
  CP="target/classes:target/test-classes:$(cat "$cp_file")"
}
