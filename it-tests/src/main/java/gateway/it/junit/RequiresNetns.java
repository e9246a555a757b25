package gateway.it.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs root, working {@code ip netns} and the named binaries:
 * without them it is skipped with the reason, or fails with it when {@code GATEWAY_IT_REQUIRED=1}.
 *
 * <p>{@code ip} is always required; list the other tools the test runs, e.g.
 * {@code @RequiresNetns(binaries = {"nginx", "curl"})}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(NetnsCondition.class)
public @interface RequiresNetns {

    /** Executables (looked up on PATH and the sbin directories) the test needs besides {@code ip}. */
    String[] binaries() default {};
}
