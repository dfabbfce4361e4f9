package dev.h2j.cli;

import dev.h2j.StateMachines;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code h2j fsm}: prints h2j's state machines, rendered from the transition tables the connection runs
 * on, as Graphviz DOT. {@code docs/fsm/render} makes the committed diagrams with it.
 */
@Command(
        name = "fsm",
        mixinStandardHelpOptions = true,
        description = {
            "Print a state machine of h2j as a Graphviz DOT graph, drawn from the transition table itself:"
                    + " every allowed (state, input) cell is an edge, labelled with its effect and RFC section.",
            "Render it with, for example: h2j fsm --dot stream | dot -Tsvg > stream.svg"
        })
final class FsmCommand implements Callable<Integer> {
    /** The machines by the name the option takes, in the order the help lists them. */
    private static final Map<String, Supplier<String>> MACHINES = new LinkedHashMap<>();

    static {
        MACHINES.put("connection", StateMachines::connectionDot);
        MACHINES.put("stream", StateMachines::streamDot);
    }

    @Spec CommandSpec spec;

    private String machine;

    @Option(
            names = "--dot",
            required = true,
            paramLabel = "MACHINE",
            description = "The machine to print: connection (one table) or stream (the client's and the"
                    + " server's tables, one cluster each).")
    void dot(String name) {
        if (!MACHINES.containsKey(name)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--dot': '" + name
                    + "' is not a state machine; expected one of: " + String.join(", ", MACHINES.keySet()));
        }
        machine = name;
    }

    @Override
    public Integer call() {
        // The document ends with a newline already, and is ASCII, so no charset can garble it.
        spec.commandLine().getOut().print(MACHINES.get(machine).get());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
