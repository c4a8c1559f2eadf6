// After each build: starts the application's jar (java -jar, as a user would) on 127.0.0.1 and a
// random port, calls GET /greet twice, and checks that /actuator/prometheus has the @Timed timer
// (and the cache's counters) and /actuator/decor the method's chain in the project's mode; then
// stops it (SIGTERM, killed after 30 s). The only flags are where to listen and Actuator's
// exposure rule: decor needs no configuration.
import groovy.json.JsonSlurper
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.TimeUnit

String project = basedir.name                       // boot4-woven, boot3-generated, ...
String mode = project.endsWith('-woven') ? 'woven' : 'generated'
File jar = new File(basedir, "target/${project}-1.0.jar")
assert jar.isFile()
File log = new File(basedir, 'app.log')

Process app = new ProcessBuilder(
    new File(System.getProperty('java.home'), 'bin/java').path,
    '-XX:TieredStopAtLevel=1', '-Xmx256m', '-jar', jar.path,
    '--server.address=127.0.0.1', '--server.port=0',
    '--management.endpoints.web.exposure.include=prometheus,decor')
    .directory(basedir).redirectErrorStream(true).redirectOutput(log).start()
try {
  // The port Tomcat took, from Boot's log line; the application is ready once Boot says Started.
  String port = null
  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120)
  while (port == null) {
    String text = log.text
    def started = text =~ /Tomcat started on port\D*(\d+)/
    if (started.find() && text.contains('Started DemoApplication')) {
      port = started.group(1)
    } else {
      assert app.alive: "the application exited (${app.exitValue()}):\n${text}"
      assert System.nanoTime() < deadline: "not started in 120 s:\n${text}"
      Thread.sleep(100)
    }
  }

  HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
  def get = { String path ->
    HttpResponse<String> r = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:${port}${path}"))
            .timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString())
    assert r.statusCode() == 200: "GET ${path}: ${r.statusCode()} ${r.body()}"
    r.body()
  }

  assert get('/greet?name=ada') == 'hello ada'
  assert get('/greet?name=ada') == 'hello ada'

  // Two calls timed (the second a cache hit), in the context's registry.
  String prometheus = get('/actuator/prometheus')
  assert prometheus =~ /(?m)^method_timed_seconds_count\{class="com\.example\.demo\.Greeter",exception="none",method="greet"[^}]*} 2(\.0)?$/:
      prometheus.readLines().findAll { it.contains('Greeter') }.join('\n') ?: 'no Greeter meter'
  // The engine's cache counters, in the same registry: one miss, then one hit.
  ['miss', 'hit'].each { result ->
    assert prometheus.contains("decor_cache_gets_total{name=\"Greeter.greet\",result=\"${result}\",tier=\"local\"} 1.0"):
        prometheus.readLines().findAll { it.startsWith('decor_cache') }.join('\n') ?: 'no decor_cache meter'
  }

  def decor = new JsonSlurper().parseText(get('/actuator/decor'))
  def greet = decor.methods.findAll { it.name == 'Greeter.greet' }
  assert greet.size() == 1: decor.methods
  assert greet[0].mode == mode
  assert greet[0]['class'] == 'com.example.demo.Greeter'
  assert greet[0].chain*.decorator == ['TIMED', 'CACHED']
  assert decor.caches['Greeter.greet'].hits == 1
  assert decor.caches['Greeter.greet'].misses == 1
  println "${project}: timer on /actuator/prometheus, ${mode} chain ${greet[0].chain*.decorator} on /actuator/decor (port ${port})"
} finally {
  app.destroy()
  if (!app.waitFor(30, TimeUnit.SECONDS)) {
    app.destroyForcibly()
    app.waitFor(10, TimeUnit.SECONDS)
  }
}
assert !app.alive
true
