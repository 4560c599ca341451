import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.CommandLineInput;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local listening on 127.0.0.1 only. The engine's own main builds its Jetty
 * server with `new Server(port)`, which binds every interface and has no option to change it;
 * this launcher builds the same server through the engine's public `ServerRunner.createServer`,
 * sets the host of its connectors to the loopback address before it starts, then starts it.
 * Same arguments as the jar (-port, -dbPath, -sharedDb, ...). Telemetry is never configured.
 *
 * Compiled once for Java 17 (`local/java/build.sh`) and kept as a class file beside this source,
 * so a machine with only a Java runtime (no javac) runs it.
 */
public final class LoopbackDynamoDbLocal {
  private static final String LOOPBACK = "127.0.0.1";

  public static void main(String[] args) {
    try {
      start(args);
    } catch (Throwable failure) {
      // Exit at once (Jetty's threads would keep a half-built JVM alive); the caller reads the class name.
      System.err.println("LoopbackDynamoDbLocal failed: " + failure);
      System.exit(70);
    }
  }

  private static void start(String[] args) throws Exception {
    CommandLineInput input = new CommandLineInput(args);
    if (!input.init()) return; // -help: the engine printed its usage
    DynamoDBProxyServer proxy = ServerRunner.createServer(input);
    Field serverField = DynamoDBProxyServer.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Server jetty = (Server) serverField.get(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local built a server with no connector");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) throw new IllegalStateException("unexpected connector " + connector.getClass().getName());
      ((ServerConnector) connector).setHost(LOOPBACK);
    }
    proxy.start();
    System.out.println("DynamoDB Local listens on " + LOOPBACK + ":" + input.getPort() + " only");
  }
}
