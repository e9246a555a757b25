package gateway.app.lifecycle;

import java.util.List;

/** Things several services share (event loops) that are released after the last service stopped. */
public interface SharedResources {
  List<AutoCloseable> all();
}
