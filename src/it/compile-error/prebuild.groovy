// Saves an edit of src/main.rs that does not compile while the goal runs, waits until the goal
// reported it and the app printed two more ticks, then saves the fix. A build hook cannot edit
// mid-run, so this starts a thread in the invoker's JVM that follows build.log. The outcome goes to
// hook.log, which verify.groovy checks. Every wait is bounded by the goal's own time limit.
def support = evaluate(new File(basedir, '../../../src/it/shared/editor-support.groovy'))

File logFile = new File(basedir, 'build.log')
File source = new File(basedir, 'src/main.rs')
File hookLog = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 280_000L

def waitForLog = support.logWaiter(logFile, deadline)

def save = { String from, String to ->
    support.replaceText(source, from, to)
    hookLog << "saved '${to}'\n"
}

String original = 'println!("tick {count}: hello from the it crate");'
String broken = 'let label: u32 = "not a number"; println!("tick {count}: {label}");'
String fixed = 'println!("tick {count}: fixed after the error");'

Thread editor = new Thread({
    try {
        waitForLog(/1 client connected/, 0)
        waitForLog(/Hot patching ready/, 0)
        save(original, broken)
        int reported = waitForLog(/The change does not compile/, 0)
        reported = waitForLog(/\[app\] tick \d+: hello from the it crate\n/, reported)
        waitForLog(/\[app\] tick \d+: hello from the it crate\n/, reported)
        save(broken, fixed)
        waitForLog(/\[app\] tick \d+: fixed after the error\n/, 0)
        hookLog << 'done\n'
    } catch (Throwable e) {
        hookLog << "failed: ${e}\n"
    }
} as Runnable, 'compile-error-it-editor')
editor.daemon = true
editor.start()
return true
