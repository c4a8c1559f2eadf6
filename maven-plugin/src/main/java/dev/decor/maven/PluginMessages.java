package dev.decor.maven;

/**
 * The plugin's own diagnostics: build set-up problems that only a build tool can see, so they are
 * not among the annotations module's {@code Messages}. Same shape: a stable ID, then rule,
 * offender and remedy. Tests reference these.
 */
final class PluginMessages {
  private PluginMessages() {}

  static String missingAspect(String project, String version) {
    return "[decor/WeaveDependency] decor:weave weaves decor's aspect from " + DecorNames.GROUP_ID
        + ":" + DecorNames.ASPECT_ARTIFACT + ", but it is not among the dependencies of " + project
        + ". Add it (it brings the engine and aspectjrt):\n"
        + "<dependency>\n  <groupId>" + DecorNames.GROUP_ID + "</groupId>\n  <artifactId>"
        + DecorNames.ASPECT_ARTIFACT + "</artifactId>\n  <version>" + version
        + "</version>\n</dependency>";
  }

  static String missingRuntime(String project, String weaverVersion) {
    return "[decor/WeaveDependency] woven classes call " + DecorNames.ASPECTJ_GROUP_ID + ":"
        + DecorNames.ASPECTJ_RUNTIME + " at run time, but it is not among the dependencies of "
        + project + " (decor-aspectj brings it: is it excluded?). Add "
        + DecorNames.ASPECTJ_GROUP_ID + ":" + DecorNames.ASPECTJ_RUNTIME + ":" + weaverVersion
        + ".";
  }

  static String olderRuntime(String runtimeVersion, String weaverVersion) {
    return "[decor/AspectjVersion] the project's aspectjrt " + runtimeVersion
        + " is older than the weaver's " + weaverVersion + "; woven code may call what it lacks"
        + " (NoSuchMethodError at run time). Use aspectjrt " + weaverVersion + ".";
  }
}
