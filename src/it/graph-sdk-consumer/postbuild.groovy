// The consumer's build must have run its JUnit 5 test: with Debian's stock Maven 3.8.7 and no pinned plugins, a
// project compiled for "Source option 5" or ran surefire 2.12.4, which finds no JUnit 5 test and still says
// BUILD SUCCESS.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'the consumer project ran no JUnit 5 test'
