package io.accrete.server;

import io.accrete.server.config.ConfigSource;
import io.accrete.server.config.ServeCommand;
import io.accrete.server.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.CountDownLatch;

/** {@code accrete serve [options]}; see {@code accrete serve --help}. */
@Command(name = "accrete", mixinStandardHelpOptions = true, description = "Accrete database server.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Override public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("serve", new ServeCommand(Main::serve));
        cl.setCaseInsensitiveEnumValuesAllowed(true);   // --durability fsync as well as FSYNC
        int code;
        try {
            cl.setDefaultValueProvider(ConfigSource.load(args, System.getenv()));
            code = cl.execute(args);
        } catch (IllegalArgumentException e) {
            System.err.println("accrete: " + e.getMessage());
            code = 2;
        }
        if (code != 0 || args.length == 0 || !"serve".equals(args[0]) || isHelp(args)) System.exit(code);
    }

    private static boolean isHelp(String[] args) {
        for (String a : args) if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) return true;
        return false;
    }

    private static int serve(ServerConfig cfg) {
        AccreteServer server;
        try {
            server = AccreteServer.start(cfg);
        } catch (RuntimeException e) {
            System.err.println("accrete: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "accrete-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
