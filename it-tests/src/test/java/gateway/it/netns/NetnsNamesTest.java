package gateway.it.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NetnsNamesTest {

    @Test
    void namesCarryPrefixPidAndRun() {
        NetnsNames names = NetnsNames.newRun();
        long pid = ProcessHandle.current().pid();
        assertThat(names.name("gw")).startsWith("gwit" + pid + "-").endsWith("-gw");
        assertThat(NetnsNames.ownerPid(names.name("gw"))).hasValue(pid);
    }

    @Test
    void runsOfOneJvmDiffer() {
        assertThat(NetnsNames.newRun().run()).isNotEqualTo(NetnsNames.newRun().run());
    }

    @Test
    void foreignNamesHaveNoOwner() {
        assertThat(NetnsNames.ownerPid("gw")).isEmpty();
        assertThat(NetnsNames.ownerPid("gwitx-1-gw")).isEmpty();
        assertThat(NetnsNames.ownerPid("other123-gw")).isEmpty();
        assertThat(NetnsNames.ownerPid("gwit99999999999999999999-1-gw")).isEqualTo(OptionalLong.empty());
        assertThat(NetnsNames.ownerPid("gwit42-7-c1")).hasValue(42);
    }

    @Test
    void rolesAreShortAndSafe() {
        assertThatThrownBy(() -> NetnsNames.newRun().name("Gw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetnsNames.newRun().name("a-b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetnsNames.newRun().name("")).isInstanceOf(IllegalArgumentException.class);
    }
}
