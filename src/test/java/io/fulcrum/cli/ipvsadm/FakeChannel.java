package io.fulcrum.cli.ipvsadm;

import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A daemon stand-in: answers each request with a function of it and records what was asked. */
final class FakeChannel implements IpvsadmSession.Channel {

    final List<ControlRequest> requests = new ArrayList<>();
    private final Function<ControlRequest, ControlResponse> answers;
    int opened;

    FakeChannel(Function<ControlRequest, ControlResponse> answers) {
        this.answers = answers;
    }

    @Override
    public void open() {
        opened++;
    }

    @Override
    public ControlResponse call(ControlRequest request) {
        requests.add(request);
        return answers.apply(request);
    }
}
