// Before each build: copies the fresh application's sources (app/: one annotated bean and the
// application class with one endpoint) into the project, the same for every Boot version and mode.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

Path from = new File(freshApps, 'app').toPath()
Path to = basedir.toPath()
Files.walk(from).withCloseable { paths ->
  paths.forEach { Path p ->
    Path target = to.resolve(from.relativize(p).toString())
    if (Files.isDirectory(p)) {
      Files.createDirectories(target)
    } else {
      Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING)
    }
  }
}
true
