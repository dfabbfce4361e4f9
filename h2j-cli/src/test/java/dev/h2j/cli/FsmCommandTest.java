package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.StateMachines;
import org.junit.jupiter.api.Test;

class FsmCommandTest {

    @Test
    void dotConnectionPrintsTheConnectionTable() {
        Cli.Run run = Cli.run("fsm", "--dot", "connection");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(StateMachines.connectionDot()).contains("digraph connection {")
                .contains("IDLE -> CLIENT_OPEN [label=\"INITIATE_CLIENT / PROCESS (&sect;3.4)\"];");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void dotStreamPrintsBothRolesAsClusters() {
        Cli.Run run = Cli.run("fsm", "--dot", "stream");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(StateMachines.streamDot())
                .contains("subgraph cluster_client {", "subgraph cluster_server {")
                // RFC 9113 §5.1: sending HEADERS opens an idle stream.
                .contains("client_IDLE -> client_OPEN_AWAITING_REMOTE_HEADERS [label=\"SEND_HEADERS / REQUEST_SENT"
                        + " (&sect;5.1)\"];");
    }

    @Test
    void unknownMachineIsAUsageErrorNamingTheChoices() {
        Cli.Run run = Cli.run("fsm", "--dot", "parser");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--dot': 'parser' is not a state machine;"
                + " expected one of: connection, stream").contains("Usage: h2j fsm");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingMachineIsAUsageError() {
        Cli.Run run = Cli.run("fsm");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--dot=MACHINE'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpNamesTheMachines() {
        Cli.Run run = Cli.run("fsm", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: h2j fsm").contains("--dot=MACHINE").contains("connection")
                .contains("stream");
        assertThat(Cli.run("--help").out()).contains("fsm");
    }
}
