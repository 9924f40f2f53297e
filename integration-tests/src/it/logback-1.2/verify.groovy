// The library's INFO line on binding must have gone through Logback 1.2 on SLF4J 1.7.
String log = new File(basedir, 'build.log').getText('UTF-8')
def check = { boolean ok, String message -> if (!ok) throw new AssertionError(message + ' (see build.log)') }
check((log =~ /(?m)^LOGBACK INFO io\.github\.dl4jpruning\.engine\.PruningEngine - Pruning \d+ parameters of a MultiLayerNetwork/).find(),
        'the library log line did not reach Logback')
check((log =~ /consumer: slf4j-api from slf4j-api-1\.7\.\d+\.jar, logger factory ch\.qos\.logback\.classic\.LoggerContext from logback-classic-1\.2\.\d+\.jar/).find(),
        'expected slf4j-api 1.7 with Logback 1.2 on the class path')
check(!log.contains('StaticLoggerBinder') && !log.contains('No SLF4J providers were found'), 'SLF4J found no binding')
true
