/**
 * The guide's examples (docs/guide/): small programs, each run against a loopback server by a test of
 * its own. The guide's Java samples are regions of these sources ({@code // docs:NAME:start} to
 * {@code // docs:NAME:end}) and of this module's tests, and {@code DocsSnippetsTest} fails the build
 * when a sample and its region differ.
 *
 * <ul>
 *   <li>On the sans-I/O core: {@link dev.h2j.examples.HelloClient} (a client over a plain socket channel),
 *       {@link dev.h2j.examples.HelloServer} (a server, one thread per connection),
 *       {@link dev.h2j.examples.UpgradeClient} (the h2c upgrade) and {@link dev.h2j.examples.PriorityServer}
 *       (one thread and a selector for every connection, DATA sent by priority).</li>
 *   <li>On h2j-io: {@link dev.h2j.examples.NioServer} (an {@code H2Server} with a handler) and
 *       {@link dev.h2j.examples.BlockingClient} (an {@code H2Client} used blocking).</li>
 * </ul>
 *
 * <p>Run one with {@code examples/run NAME [ARGS...]} from the checkout's root.
 */
package dev.h2j.examples;
