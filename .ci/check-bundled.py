#!/usr/bin/env python3
"""Checks jenkins-plugin/pom.xml's hpi.bundledArtifacts against what the plugin bundles from the engine.

The Jenkins plugin cannot be built here (its parent POM and Jenkins artifacts are not reachable), but maven-hpi-plugin
fails the plugin's build on ci.jenkins.io when, with hpi.strictBundledArtifacts, that list is not exactly the sorted
artifactIds it puts in WEB-INF/lib (AbstractHpiMojo: Collections.sort, then List.equals). What it bundles from
governance-core is the engine's runtime dependency tree (mvn dependency:tree, given as the first argument) without the
subtrees the plugin's <exclusions> remove (they come from API plugins and core), plus the engine itself. Not modelled:
an artifact Jenkins core or an API plugin also brings, nearer, which Maven would then take as provided.

usage: check-bundled.py TREE_FILE PLUGIN_POM
"""
import re
import sys
import xml.etree.ElementTree as ET

tree_file, pom_file = sys.argv[1], sys.argv[2]
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
pom = ET.parse(pom_file).getroot()
listed = pom.find("m:properties/m:hpi.bundledArtifacts", ns).text.strip().split(",")
exclusions = []
for dep in pom.findall("m:dependencies/m:dependency", ns):
    if dep.find("m:artifactId", ns).text == "governance-core":
        for ex in dep.findall("m:exclusions/m:exclusion", ns):
            exclusions.append((ex.find("m:groupId", ns).text, ex.find("m:artifactId", ns).text))

bundled = {"governance-core"}
pruned_depth = None
for line in open(tree_file, encoding="utf-8").read().splitlines()[1:]:
    m = re.match(r"^([| ]*)[+\\]- (.+)$", line)
    if not m:
        continue
    depth = len(m.group(1)) // 3
    if pruned_depth is not None and depth > pruned_depth:
        continue  # below an excluded or non-runtime artifact
    pruned_depth = None
    parts = m.group(2).split(" ")[0].split(":")
    group, artifact, scope = parts[0], parts[1], parts[-1]
    optional = "(optional)" in line
    excluded = any(g == group and a in ("*", artifact) for g, a in exclusions)
    if excluded or optional or scope not in ("compile", "runtime"):
        pruned_depth = depth
        continue
    bundled.add(artifact)

actual = sorted(bundled)
if listed != actual:
    print("ci: jenkins-plugin/pom.xml hpi.bundledArtifacts is\n    " + ",".join(listed)
          + "\nbut the plugin bundles (sorted, as maven-hpi-plugin compares them)\n    " + ",".join(actual), file=sys.stderr)
    sys.exit(1)
print(f"ci: hpi.bundledArtifacts lists the {len(actual)} artifacts the plugin bundles, in maven-hpi-plugin's order")
