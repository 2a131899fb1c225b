/**
 * Datomic's pull API ({@link io.accrete.engine.pull.Pull}) and entity view
 * ({@link io.accrete.engine.pull.Entity}).
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>{@code PatternParser} turns a pattern form (data or EDN text) into an immutable
 *   {@link io.accrete.engine.pull.PullPattern} of {@code AttrSpec}s. Parsing checks only syntax,
 *   so a parsed pattern is independent of any database and {@code Pull} caches it by its form.
 *   Attribute names are resolved against a schema lazily and the resolution is memoised per
 *   {@code Schema} object, which changes only when a transaction touches schema.</li>
 *   <li>{@code PullEvaluator} walks one entity tree per call with a path stack (for cycle
 *   detection) and per-spec recursion depths; it reads only through {@code Db.scan}, so as-of and
 *   since views need nothing special. History views are refused, as Datomic refuses them.</li>
 *   <li>{@link io.accrete.engine.pull.Xforms} is the allow-list of {@code :xform} functions:
 *   Datomic's built-ins plus whatever Java code registers. Nothing is resolved reflectively.</li>
 * </ul>
 *
 * <h2>Semantics, checked against the Datomic 1.0.7622 peer</h2>
 * <ul>
 *   <li>An empty result is {@code null}. {@code :db/id} and {@code *} always yield
 *   {@code {:db/id e}}, so they make a result even for an id without datoms.</li>
 *   <li>Refs render as {@code {:db/id e}} (enum entities too; ask for {@code [:db/ident]} to see
 *   the ident); component refs named plainly or reached by {@code *} expand as {@code [*]}.</li>
 *   <li>Recursion: a target already on the path is pulled once more, but its recursive
 *   attributes, like those past a depth limit, yield only stubs. The pull API does not count the
 *   root as on the path (a cycle back to it pulls it again in full); a query's {@code pull} does. Stubs are
 *   {@code {:db/id e}} when the pattern asks for {@code :db/id}, otherwise nothing.</li>
 *   <li>Nested results that come out empty are dropped; an attribute left with no values is
 *   omitted. {@code :xform} sees the rendered value, or null when the attribute is missing;
 *   {@code :default} applies when what remains is null.</li>
 * </ul>
 */
package io.accrete.engine.pull;
