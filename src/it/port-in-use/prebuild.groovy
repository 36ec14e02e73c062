// Holds the port the project binds for the duration of the build. The hook runs in the invoker's
// JVM, so the socket stays open while the forked Maven build runs; verify.groovy closes it.
def socket = new ServerSocket()
socket.bind(new InetSocketAddress(InetAddress.getByName('127.0.0.1'), 39871))
System.properties.put('whisker.it.portHolder', socket)
return true
