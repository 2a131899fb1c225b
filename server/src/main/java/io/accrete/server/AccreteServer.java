package io.accrete.server;

import io.accrete.server.config.ServerConfig;
import io.accrete.server.http.Dispatcher;
import io.accrete.server.http.ErrorMapper;
import io.accrete.server.http.JettyErrorPages;
import io.accrete.server.http.Route;
import io.accrete.server.http.Services;
import io.accrete.server.errors.ServerErrors;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running HTTP service: Javalin on Jetty, every route from {@link RouteTable} wrapped by the
 * {@link Dispatcher}. {@link #close} is the graceful shutdown: refuse new requests, finish the
 * accepted ones, stop Jetty, then close the databases (each finishing its queued transactions).
 */
public final class AccreteServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccreteServer.class);

    private final Services services;
    private final Javalin app;
    private volatile boolean closed;

    private AccreteServer(Services services, Javalin app) {
        this.services = services;
        this.app = app;
    }

    public static AccreteServer start(ServerConfig cfg) {
        Services s = new Services(cfg);
        try {
            s.registry.start();
            Javalin app = Javalin.create(c -> {
                c.showJavalinBanner = false;
                c.startupWatcherEnabled = false;
                c.router.ignoreTrailingSlashes = true;
                c.http.maxRequestSize = cfg.maxBodyBytes();
                // Unset, Javalin copies every response through a fresh 32 KiB buffer; most of our
                // answers are a few hundred bytes.
                c.http.responseBufferSize = 4096;
                // A known path asked with another method is 405 with Allow, not "no such endpoint".
                c.http.prefer405over404 = true;
                c.jetty.modifyServer(JettyErrorPages::install);
                if (!cfg.corsOrigins().isEmpty()) {
                    c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                        if (cfg.corsOrigins().contains("*")) {
                            rule.anyHost();
                        } else {
                            for (String o : cfg.corsOrigins()) rule.allowHost(o);
                            rule.allowCredentials = true;
                        }
                        rule.exposeHeader("X-Basis-T");
                    }));
                }
            });
            for (Route r : RouteTable.routes()) {
                for (String path : RouteTable.paths(r)) {
                    app.addHttpHandler(r.method(), path, Dispatcher.wrap(s, r, path));
                    // HEAD runs the GET handler (access, database, waits) and Jetty drops the body:
                    // Javalin's own HEAD answered 200 without any of it.
                    if (r.method() == io.javalin.http.HandlerType.GET && !path.endsWith("/events")) {
                        app.addHttpHandler(io.javalin.http.HandlerType.HEAD, path, Dispatcher.wrap(s, r, path));
                    }
                }
            }
            if (!cfg.corsOrigins().isEmpty()) {
                // A browser's preflight: the CORS plugin has set its headers by now, and a preflight
                // must be answered 2xx, or the browser never sends the request itself.
                app.options("/*", ctx -> ctx.status(204));
            }
            app.exception(Exception.class, (e, ctx) -> ErrorMapper.write(ctx, e));
            app.error(405, ctx -> {
                ctx.header("Allow", String.join(", ", RouteTable.methodsAt(ctx.path())));
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/edn") && !type.startsWith("application/transit")) {
                    ErrorMapper.write(ctx, ServerErrors.error(ServerErrors.METHOD_NOT_ALLOWED,
                            "No endpoint " + ctx.method() + " " + ctx.path() + "; see openapi.yaml for the methods it takes"));
                }
            });
            app.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/")) {
                    ErrorMapper.write(ctx, ServerErrors.error(ServerErrors.NOT_FOUND,
                            "No endpoint " + ctx.method() + " " + ctx.path() + "; see openapi.yaml"));
                }
            });
            app.start(cfg.bind(), cfg.port());
            LOG.info("Accrete serving on http://{}:{} ({})", cfg.bind(), app.port(), cfg);
            return new AccreteServer(s, app);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public int port() { return app.port(); }

    public Services services() { return services; }

    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        LOG.info("Shutting down: finishing accepted requests");
        Dispatcher.drain(services, services.config.shutdownGraceMs());
        app.stop();
        services.close();
        LOG.info("Stopped");
    }
}
